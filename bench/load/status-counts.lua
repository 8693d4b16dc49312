-- Shared by the wrk scripts: counts answers by status class per thread, and prints the totals as "STATUS 2xx N"
-- lines at the end (run-load.sh reads them; wrk's own "Non-2xx" line does not tell 4xx from 5xx).
statuses = {}
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function response(status, headers, body)
  local class = math.floor(status / 100) .. "xx"
  statuses[class] = (statuses[class] or 0) + 1
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    for class, n in pairs(thread:get("statuses")) do totals[class] = (totals[class] or 0) + n end
  end
  for class, n in pairs(totals) do io.write(string.format("STATUS %s %d\n", class, n)) end
end
