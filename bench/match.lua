-- match.lua — wrk script: GET /api/v1/registrations/{reg_no}/job-matches for registration
-- numbers read from the file named by the first argument, one a line, taken at random.
local regs = {}

function init(args)
    for line in io.lines(args[1]) do
        if #line > 0 then regs[#regs + 1] = line end
    end
    math.randomseed(os.time() + (tonumber(args[2]) or 0))
end

function request()
    return wrk.format("GET", "/api/v1/registrations/" .. regs[math.random(#regs)] .. "/job-matches")
end
