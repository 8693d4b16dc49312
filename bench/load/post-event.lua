-- wrk script: every request POSTs a new event (unique eventId per thread and request) to one of 50 packages,
-- with event times spread so late older events are part of the mix.
dofile("bench/load/status-counts.lua")
local counter = 0

function init(args)
  prefix = args[1] or "LOAD"
end

function request()
  counter = counter + 1
  local package = string.format("%s-%02d", prefix, counter % 50)
  local minute = (counter * 7) % 600
  local body = string.format(
    '{"status":"in_transit","timestamp":"2026-11-24T%02d:%02d:00Z","eventId":"t%d-%d","location":{"lat":47.6,"lon":-122.3},"metadata":{"hub":"SEA"}}',
    math.floor(minute / 60), minute % 60, thread_id, counter)
  return wrk.format("POST", "/v1/tracking/" .. package .. "/events",
    { ["Content-Type"] = "application/json", ["x-api-key"] = "local-partner-key" }, body)
end
