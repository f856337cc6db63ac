-- 047_exchange_exit.sql — the national hub keeps the exit (注销) of a registration that a local
-- system uploaded (notice §7: every result, exits included, uploaded in real time), so that the
-- national status query shows it. NULL while the registration is active (a reverted exit is
-- uploaded as NULL again). Portable SQL, as 001.
ALTER TABLE exchange_case ADD COLUMN exit_reason TEXT;
ALTER TABLE exchange_case ADD COLUMN exit_date TEXT;
