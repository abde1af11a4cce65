-- wrk script of the HTTP benchmark: 4 KiB whole-file reads or writes, against AetherFS or nginx.
--
--   wrk -t2 -c32 -d20s -s files.lua http://127.0.0.1:PORT -- MODE PREFIXES SUFFIX AUTH RUN FILES SIZE
--
--   MODE      read | write | write-own (each thread writes only prefix number tid mod #PREFIXES)
--   PREFIXES  comma-separated URL prefixes the file path is appended to; requests rotate over them
--             (one per session, e.g. /v1/sessions/ID/files?path=), or /read/ and /dav/ for nginx
--   SUFFIX    appended after the path, e.g. &createParents=true ("-" for nothing)
--   AUTH      the Authorization header value ("-" for none)
--   RUN       a tag in written paths, so that no two runs write the same file
--   FILES     read: how many files data/dNN/rNNNN.bin exist to pick from at random
--   SIZE      write: body size in bytes
--
-- Reads pick a random file each time. Writes create a new file each time, never more than 50 entries
-- per directory (wRUN/tTHREAD/mNNN/dNN/fNNNNNNN.bin, one tree per wrk thread and session), with a body
-- whose first 16 bytes are unique so that no two writes have the same content.
-- done() prints one line "WRK_JSON {...}" with the totals and latency percentiles (microseconds). With
-- AFS_WRK_STATUSES set in wrk's environment, it also prints "WRK_STATUSES {"409":4,...}": the answers
-- outside 2xx by status (off by default: defining response() makes wrk parse every answer).
--
-- Several servers (the nodes of a scale-out cluster): set AFS_WRK_NODES=host:port,host:port,... in wrk's
-- environment and give wrk a multiple of that many threads; thread i then sends all its connections'
-- requests to node i mod N (wrk binds addresses per thread, not per connection). The URL on the command
-- line only supplies the Host header.

local threads = {}
local nodes = nil

function setup(thread)
  local tid = #threads
  thread:set("tid", tid)
  table.insert(threads, thread)
  local list = os.getenv("AFS_WRK_NODES")
  if list and list ~= "" then
    if not nodes then
      nodes = {}
      for node in string.gmatch(list, "[^,]+") do
        local host, port = string.match(node, "^(.+):(%d+)$")
        local addrs = wrk.lookup(host, port)
        if not addrs or #addrs == 0 then
          error("AFS_WRK_NODES: cannot resolve " .. node)
        end
        table.insert(nodes, addrs[1])
      end
    end
    thread.addr = nodes[(tid % #nodes) + 1]
  end
end

function init(args)
  mode = args[1]
  prefixes = {}
  for p in string.gmatch(args[2], "[^,]+") do
    table.insert(prefixes, p)
  end
  suffix = args[3] == "-" and "" or args[3]
  headers = {}
  if args[4] ~= "-" then
    headers["Authorization"] = args[4]
  end
  run = args[5]
  files = tonumber(args[6])
  size = tonumber(args[7])
  counter = 0
  math.randomseed(4242 + 7919 * tid)
  if mode ~= "read" then
    headers["Content-Type"] = "application/octet-stream"
    local t = {}
    for i = 1, size do
      t[i] = string.char(math.random(0, 255))
    end
    base = table.concat(t)
  end
end

function request()
  local n = #prefixes
  local s = counter % n
  local c = math.floor(counter / n)
  counter = counter + 1
  local prefix = prefixes[s + 1]
  if mode == "write-own" then
    prefix = prefixes[(tid % n) + 1]
    c = counter - 1
  end
  if mode == "read" then
    local i = math.random(0, files - 1)
    return wrk.format("GET", prefix .. string.format("data/d%02d/r%04d.bin", math.floor(i / 50), i) .. suffix, headers)
  end
  local dir = math.floor(c / 50)
  local path = string.format("w%s/t%d/m%03d/d%02d/f%07d.bin", run, tid, math.floor(dir / 50), dir % 50, c)
  local body = string.format("%08d%08d", tid, c) .. string.sub(base, 17)
  return wrk.format("PUT", prefix .. path .. suffix, headers, body)
end

if os.getenv("AFS_WRK_STATUSES") then
  statuses = {}
  function response(status, headers, body)
    if status < 200 or status > 299 then
      statuses[status] = (statuses[status] or 0) + 1
    end
  end
end

function done(summary, latency, requests)
  if os.getenv("AFS_WRK_STATUSES") then
    local total = {}
    for _, t in ipairs(threads) do
      for status, n in pairs(t:get("statuses") or {}) do
        total[status] = (total[status] or 0) + n
      end
    end
    local parts = {}
    for status, n in pairs(total) do
      table.insert(parts, string.format('"%d":%d', status, n))
    end
    io.write("WRK_STATUSES {" .. table.concat(parts, ",") .. "}\n")
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"durationUs":%d,"bytes":%d,"connectErrors":%d,"readErrors":%d,' ..
    '"writeErrors":%d,"statusErrors":%d,"timeouts":%d,"latMeanUs":%.1f,"latP50Us":%d,"latP90Us":%d,' ..
    '"latP99Us":%d,"latMaxUs":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
