-- wrk script: the single window's mixed load. Half the requests are citizens opening their
-- e-social cabinet, a tenth read the public catalogue, a quarter take kiosk tickets at the six
-- centres, and the rest are applications with a scanned document filed at a desk.
-- wrk -s mix.lua URL -- DATA_DIR   (cookies.txt, fins.txt, token.txt written by main.go)
local cookies, fins, token = {}, {}, ""
local services = { "02-01-01-00", "05-01-01-00", "01-01-01-00", "04-01-01-00" }
local centres = { "DOST-1", "DOST-2", "DOST-3", "DOST-4", "DOST-GNC", "DOST-SHU" }
local scan = "JVBERi0xLjQKMSAwIG9iajw8Pj5lbmRvYmoKdHJhaWxlcjw8Pj4KJSVFT0YK"

function init(args)
  for line in io.lines(args[1] .. "/cookies.txt") do cookies[#cookies + 1] = line end
  for line in io.lines(args[1] .. "/fins.txt") do fins[#fins + 1] = line end
  token = io.open(args[1] .. "/token.txt"):read("*l")
  math.randomseed(os.time() + #tostring({}))
end

function request()
  local r = math.random(100)
  if r <= 50 then
    return wrk.format("GET", "/e-social", { ["Cookie"] = cookies[math.random(#cookies)] })
  elseif r <= 60 then
    return wrk.format("GET", "/services")
  elseif r <= 85 then
    local body = '{"service":"' .. services[math.random(#services)] .. '"}'
    return wrk.format("POST", "/api/v1/centres/" .. centres[math.random(#centres)] .. "/tickets",
      { ["Content-Type"] = "application/json",
        ["X-Forwarded-For"] = "10.0." .. math.random(0, 7) .. "." .. math.random(0, 255) }, body)
  end
  local body = '{"service":"05-01-01-00","fin":"' .. fins[math.random(#fins)] ..
    '","centre":"DOST-1","documents":[{"type":"id_card","file_name":"id.pdf","content":"' .. scan .. '"},{"type":"diploma","file_name":"diploma.pdf","content":"' .. scan .. '"}]}'
  return wrk.format("POST", "/api/v1/applications",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end
