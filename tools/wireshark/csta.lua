-- Wireshark dissector for CSTA over TCP, both framings csta-bridge serves on one port:
--   ECMA-323 XML: 8-byte header (00 00, 16-bit total length incl. header, or one 32-bit
--                 length; bytes 4-7 the invokeID as 4 ASCII digits), then the XML document.
--   ECMA-285 BER: 2-byte big-endian APDU length, then one ACSE or ROSE APDU.
-- Shows the header fields, the XML root element, and for BER the APDU type, invokeId,
-- operation code and name (and the event inside a cSTAEventReport).
-- Use: wireshark -X lua_script:tools/wireshark/csta.lua  (heuristic on TCP; or set the
-- "CSTA TCP port" preference).

local csta = Proto("csta", "CSTA (ECMA-323 XML / ECMA-285 BER)")

local f = csta.fields
f.framing = ProtoField.string("csta.framing", "Framing")
f.xml_length = ProtoField.uint32("csta.xml.length", "Length (incl. header)")
f.xml_invoke = ProtoField.string("csta.xml.invokeid", "InvokeID")
f.xml_root = ProtoField.string("csta.xml.root", "Root element")
f.xml_doc = ProtoField.string("csta.xml.document", "Document")
f.ber_length = ProtoField.uint16("csta.ber.length", "APDU length")
f.ber_apdu = ProtoField.string("csta.ber.apdu", "APDU")
f.ber_invoke = ProtoField.int32("csta.ber.invokeid", "invokeId")
f.ber_opcode = ProtoField.int32("csta.ber.opcode", "Operation code")
f.ber_opname = ProtoField.string("csta.ber.opname", "Operation")
f.ber_event = ProtoField.string("csta.ber.event", "Event")
f.ber_errcode = ProtoField.int32("csta.ber.errcode", "Error code")
f.ber_errname = ProtoField.string("csta.ber.errname", "Error")

local e_bad = ProtoExpert.new("csta.malformed_apdu", "APDU does not parse", expert.group.MALFORMED, expert.severity.WARN)
csta.experts = { e_bad }

csta.prefs.tcp_port = Pref.uint("CSTA TCP port", 0, "Decode this TCP port as CSTA (0: heuristic only)")

-- ECMA-285 operation codes (csta/ber/opcodes.hpp).
local opnames = {
  [1] = "alternateCall", [2] = "answerCall", [4] = "clearCall", [5] = "clearConnection",
  [6] = "conferenceCall", [7] = "consultationCall", [9] = "holdCall", [10] = "makeCall",
  [13] = "reconnectCall", [14] = "retrieveCall", [16] = "transferCall", [18] = "parkCall", [21] = "cSTAEventReport",
  [50] = "singleStepTransferCall", [51] = "escape", [52] = "systemStatus", [71] = "monitorStart",
  [73] = "monitorStop", [74] = "snapshotDevice", [75] = "snapshotCall",
  [204] = "getSwitchingFunctionDevices", [205] = "switchingFunctionDevices",
  [207] = "systemRegister", [210] = "requestSystemStatus", [211] = "systemStatus",
  [218] = "deflectCall", [232] = "generateDigits", [304] = "getAgentState",
  [308] = "getDoNotDisturb", [309] = "getForwarding", [312] = "setAgentState",
  [316] = "setDoNotDisturb", [317] = "setForwarding",
}
-- cSTAEventReport: eventSpecificInfo [group] { [event] ... } (ECMA-285 event-report-definitions).
local events = {
  [0] = { [0] = "bridged", "callCleared", "conferenced", "connectionCleared", "delivered",
          "digitsDialed", "diverted", "established", "failed", "held", "networkCapabilitiesChanged",
          "networkReached", "offered", "originated", "queued", "retrieved", "serviceInitiated",
          "transferred" },
  [4] = { [0] = "agentBusy", "agentLoggedOn", "agentLoggedOff", "agentNotReady", "agentReady",
          "agentWorkingAfterCall", "autoAnswer", "autoWorkMode", "callBack", "callBackMessage",
          "callerIDStatus", "doNotDisturb", "forwarding", "routeingMode", "presenceState" },
}
local apdu_names = {
  [0x60] = "AARQ", [0x61] = "AARE", [0x62] = "RLRQ", [0x63] = "RLRE", [0x64] = "ABRT",
  [0xa1] = "Invoke", [0xa2] = "ReturnResult", [0xa3] = "ReturnError", [0xa4] = "Reject",
}

-- One BER TLV header at `off` (single-byte tags only, as in every CSTA APDU).
-- Returns tag, content offset, content length (nil length = indefinite) or nil when broken.
local function tlv(tvb, off, limit)
  if off + 2 > limit then return nil end
  local tag = tvb(off, 1):uint()
  local l = tvb(off + 1, 1):uint()
  if l < 0x80 then
    if off + 2 + l > limit then return nil end
    return tag, off + 2, l
  end
  if l == 0x80 then return tag, off + 2, nil end
  local n = l - 0x80
  if n > 3 or off + 2 + n > limit then return nil end
  local len = tvb(off + 2, n):uint()
  if off + 2 + n + len > limit then return nil end
  return tag, off + 2 + n, len
end

local function int_at(tvb, off, limit)
  local tag, c, len = tlv(tvb, off, limit)
  if tag ~= 0x02 or not len or len < 1 or len > 4 then return nil end
  return tvb(c, len):int(), c + len
end

local function dissect_ber(tvb, pinfo, tree, off, total)
  local limit = off + total
  local sub = tree:add(csta, tvb(off, total), "CSTA ECMA-285 BER")
  sub:add(f.framing, "BER (2-byte length)")
  sub:add(f.ber_length, tvb(off, 2))
  local apdu = off + 2
  local tag, c, len = tlv(tvb, apdu, limit)
  local name = tag and apdu_names[tag]
  if not name then
    sub:add_proto_expert_info(e_bad)
    pinfo.cols.info:append(" CSTA BER (unparsed)")
    return
  end
  sub:add(f.ber_apdu, tvb(apdu, 1), name)
  local info = "CSTA BER " .. name
  local content_end = len and (c + len) or limit
  if tag >= 0xa1 then
    local id, nxt = int_at(tvb, c, content_end)
    if id then
      sub:add(f.ber_invoke, tvb(c, nxt - c), id)
      info = info .. " invokeId=" .. id
    end
    if nxt and tag == 0xa1 then
      local t0 = tvb(nxt, 1):uint()
      if t0 == 0x80 then  -- linkedId [0]
        local _, lc, ll = tlv(tvb, nxt, content_end)
        nxt = ll and (lc + ll) or nil
      end
      local op, after = nil, nil
      if nxt then op, after = int_at(tvb, nxt, content_end) end
      if op then
        sub:add(f.ber_opcode, tvb(nxt, after - nxt), op)
        local opname = opnames[op] or ("op" .. op)
        sub:add(f.ber_opname, tvb(nxt, after - nxt), opname)
        info = info .. " " .. opname
        if op == 21 then  -- argument SEQUENCE { [APPLICATION 21] xref, [group] { [event] ... } }
          local st, sc, sl = tlv(tvb, after, content_end)
          if st == 0x30 and sl then
            local xt, xc, xl = tlv(tvb, sc, sc + sl)
            if xt == 0x55 and xl then
              local gt, gc, gl = tlv(tvb, xc + xl, sc + sl)
              local et = gt and gl and tlv(tvb, gc, gc + gl)
              local group = gt and events[gt - 0xa0]
              local ev = group and et and group[et - 0xa0]
              if ev then
                sub:add(f.ber_event, tvb(gc, 1), ev)
                info = info .. " " .. ev
              end
            end
          end
        end
      end
    elseif nxt and tag == 0xa2 then
      local st, sc, sl = tlv(tvb, nxt, content_end)
      if st == 0x30 then
        local op, after = int_at(tvb, sc, sl and (sc + sl) or content_end)
        if op then
          sub:add(f.ber_opcode, tvb(sc, after - sc), op)
          local opname = opnames[op] or ("op" .. op)
          sub:add(f.ber_opname, tvb(sc, after - sc), opname)
          info = info .. " " .. opname
        end
      end
    elseif nxt and tag == 0xa3 then
      local code, after = int_at(tvb, nxt, content_end)
      if code then
        sub:add(f.ber_errcode, tvb(nxt, after - nxt), code)
        local errname = code == 1 and "universalFailure" or ("error " .. code)
        sub:add(f.ber_errname, tvb(nxt, after - nxt), errname)
        info = info .. " " .. errname
      end
    end
  end
  pinfo.cols.info:append(" " .. info)
end

local function xml_root(doc)
  local pos = 1
  while true do
    local s = doc:find("<", pos, true)
    if not s then return nil end
    local nextc = doc:sub(s + 1, s + 1)
    if nextc ~= "?" and nextc ~= "!" then
      local name = doc:match("^<([%w_:%.%-]+)", s)
      if not name then return nil end
      return name:match(":(.+)$") or name
    end
    pos = s + 1
  end
end

local function dissect_xml(tvb, pinfo, tree, off, total)
  local sub = tree:add(csta, tvb(off, total), "CSTA ECMA-323 XML")
  local long_form = tvb(off, 2):uint() ~= 0
  sub:add(f.framing, long_form and "XML (32-bit length)" or "XML (16-bit length)")
  sub:add(f.xml_length, tvb(off, 4), total)
  local id = tvb(off + 4, 4):string()
  sub:add(f.xml_invoke, tvb(off + 4, 4), id)
  local info = "CSTA XML"
  if total > 8 then
    local doc = tvb(off + 8, total - 8):string()
    sub:add(f.xml_doc, tvb(off + 8, total - 8), doc)
    local root = xml_root(doc)
    if root then
      sub:add(f.xml_root, tvb(off + 8, total - 8), root)
      info = info .. " " .. root
    end
  end
  pinfo.cols.info:append(" " .. info .. " invokeID=" .. id)
end

local function is_digit(b) return b >= 0x30 and b <= 0x39 end

-- "xml", "ber", "more" (need bytes) or nil (not CSTA).
local function detect(tvb, off, remaining)
  if remaining < 3 then return "more" end
  local b0, b1, b2 = tvb(off, 1):uint(), tvb(off + 1, 1):uint(), tvb(off + 2, 1):uint()
  if b0 == 0 then
    if remaining < 8 then return "more" end
    local digits = true
    for i = 4, 7 do digits = digits and is_digit(tvb(off + i, 1):uint()) end
    if digits and tvb(off, 4):uint() >= 8 then return "xml" end
  end
  if (b0 ~= 0 or b1 ~= 0) and apdu_names[b2] then return "ber" end
  return nil
end

function csta.dissector(tvb, pinfo, tree)
  local len = tvb:len()
  local off = 0
  while off < len do
    local remaining = len - off
    local kind = detect(tvb, off, remaining)
    if kind == "more" then
      pinfo.desegment_offset = off
      pinfo.desegment_len = DESEGMENT_ONE_MORE_SEGMENT
      return len
    end
    if not kind then return off end
    local total
    if kind == "xml" then total = tvb(off, 4):uint() else total = 2 + tvb(off, 2):uint() end
    if remaining < total then
      pinfo.desegment_offset = off
      pinfo.desegment_len = total - remaining
      return len
    end
    pinfo.cols.protocol = "CSTA"
    if kind == "xml" then dissect_xml(tvb, pinfo, tree, off, total) else dissect_ber(tvb, pinfo, tree, off, total) end
    off = off + total
  end
  return off
end

local function heuristic(tvb, pinfo, tree)
  local kind = detect(tvb, 0, tvb:len())
  if kind ~= "xml" and kind ~= "ber" then return false end
  pinfo.conversation = csta
  csta.dissector(tvb, pinfo, tree)
  return true
end
csta:register_heuristic("tcp", heuristic)

local registered_port = 0
function csta.prefs_changed()
  local tcp = DissectorTable.get("tcp.port")
  if registered_port ~= 0 then tcp:remove(registered_port, csta) end
  registered_port = csta.prefs.tcp_port
  if registered_port ~= 0 then tcp:add(registered_port, csta) end
end
