-- wrk script: GET the state of one seeded package; counts answers by status class.
local statuses = {}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  path = "/v1/tracking/" .. (args[1] or "LOAD-SEED")
end

function request()
  return wrk.format("GET", path, { ["x-api-key"] = "local-reader-key" })
end

function response(status, headers, body)
  local class = math.floor(status / 100) .. "xx"
  statuses[class] = (statuses[class] or 0) + 1
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    for class, n in pairs(s) do totals[class] = (totals[class] or 0) + n end
  end
  for class, n in pairs(totals) do io.write(string.format("STATUS %s %d\n", class, n)) end
end
