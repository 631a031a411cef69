-- wrk script for bench/webhook-throughput.sh: POSTs the sample order event, each request
-- a new event (its own message id) of one of 50 orders, as Tradecloud would send them.
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  local file = io.open(args[1], "rb")
  template = file:read("*a")
  file:close()
  authorization = args[2]
  run = args[3]
  counter = 0
end

function request()
  counter = counter + 1
  local messageId = string.format("%s-%d-%d", run, id, counter)
  local orderId = string.format("bench-order-%02d", counter % 50)
  local body = template:gsub("MESSAGE_ID", messageId):gsub("ORDER_ID", orderId)
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json", ["Authorization"] = authorization }, body)
end
