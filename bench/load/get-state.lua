-- wrk script: GET the state of one seeded package (the package id is the script argument).
dofile("bench/load/status-counts.lua")

function init(args)
  path = "/v1/tracking/" .. (args[1] or "LOAD-SEED")
end

function request()
  return wrk.format("GET", path, { ["x-api-key"] = "local-reader-key" })
end
