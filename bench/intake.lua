-- intake.lua — wrk script: online applications, each for a new person with a valid GB 11643
-- number (area 110101, births on days 1-28 of every month 1962-2005, sequence 000-999: about
-- 14.8 million distinct
-- people across threads). Counts the answers by status; `done` prints them for the driver.

local weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
local checks = "10X98765432"
local threads = {}
local counter = 0

function setup(thread)
    thread:set("tid", #threads)
    table.insert(threads, thread)
end

function init(args)
    tid = tonumber(wrk.thread:get("tid")) or 0
    nthreads = tonumber(args[1]) or 1
    offset = tonumber(args[2]) or 0
    status = {}
end

local function birth(k)
    local y, m, d = 1962 + math.floor(k / 336) % 44, math.floor(k / 28) % 12 + 1, k % 28 + 1
    return string.format("%04d%02d%02d", y, m, d)
end

local function id_number(k)
    local body = "110101" .. birth(k % 14784) .. string.format("%03d", math.floor(k / 14784) % 1000)
    local sum = 0
    for i = 1, 17 do sum = sum + tonumber(body:sub(i, i)) * weights[i] end
    local c = (sum % 11) + 1
    return body .. checks:sub(c, c)
end

function request()
    local k = offset + counter * nthreads + tid
    counter = counter + 1
    local body = string.format(
        '{"id_type":"resident_id","id_number":"%s","name":"压测用户","phone":"13800138000",' ..
        '"residence_region":"110101","residence_address":"北京市东城区示例路1号",' ..
        '"register_region":"110101","register_basis":"residence","unemployed_since":"2026-01-05",' ..
        '"unemployment_reason":"20","commitment":true}', id_number(k))
    return wrk.format("POST", "/api/v1/public/applications",
        {["Content-Type"] = "application/json"}, body)
end

function response(code, headers, body)
    status[code] = (status[code] or 0) + 1
    wrk.thread:set("s" .. code, status[code])
end

function done(summary, latency, requests)
    local totals = {}
    for _, t in ipairs(threads) do
        for _, code in ipairs({201, 400, 409, 500, 503}) do
            local v = tonumber(t:get("s" .. code) or 0)
            totals[code] = (totals[code] or 0) + v
        end
    end
    io.write(string.format("STATUS 201=%d 400=%d 409=%d 500=%d 503=%d\n",
        totals[201], totals[400], totals[409], totals[500], totals[503]))
end
