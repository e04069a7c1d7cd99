--- lectern for Neovim: starts `lectern lsp` for text and Markdown buffers and adds
--- :LecternFixAll, :LecternOutline, :LecternRestart and `:checkhealth lectern`.
---
--- Neovim 0.11+: `vim.lsp.enable('lectern')` is enough (the config is in `lsp/lectern.lua`);
--- `require('lectern').setup(opts)` does the same and also works on 0.10 (via `vim.lsp.start`).
local M = {}

local NAME = 'lectern'
local FIX_ALL = 'source.fixAll.lectern'

--- Defaults; `setup(opts)` merges over these.
M.defaults = {
  cmd = { 'lectern', 'lsp' },
  filetypes = { 'text', 'markdown' },
  root_markers = { 'lectern.toml', '.git' },
  --- The `lectern` settings section: locale, rules, debounceMs, maxDocumentSize, ...
  settings = {},
  on_attach = nil,
  capabilities = nil,
  --- Use `vim.lsp.start` even on 0.11 (what 0.10 does); mostly for testing.
  legacy = false,
}

--- The options in effect (after setup, or the defaults).
M.options = vim.deepcopy(M.defaults)

local function has_011()
  return vim.fn.has('nvim-0.11') == 1
end

--- The command the server is started with, as configured.
function M.cmd()
  if has_011() and not M._setup_done then
    local ok, cfg = pcall(function()
      return vim.lsp.config[NAME]
    end)
    if ok and cfg and type(cfg.cmd) == 'table' then
      return cfg.cmd
    end
  end
  return M.options.cmd
end

local function root_dir(bufnr)
  local markers = M.options.root_markers
  if vim.fs.root then
    return vim.fs.root(bufnr, markers)
  end
  local name = vim.api.nvim_buf_get_name(bufnr)
  local found = vim.fs.find(markers, { upward = true, path = vim.fs.dirname(name) })[1]
  return found and vim.fs.dirname(found) or nil
end

local function start_legacy(bufnr)
  if vim.bo[bufnr].buftype ~= '' then
    return
  end
  local o = M.options
  vim.lsp.start({
    name = NAME,
    cmd = o.cmd,
    root_dir = root_dir(bufnr),
    settings = { lectern = o.settings },
    init_options = o.settings,
    capabilities = o.capabilities,
    on_attach = o.on_attach,
  }, { bufnr = bufnr })
end

--- Creates :LecternFixAll, :LecternOutline and :LecternRestart (idempotent).
function M.create_commands()
  local cmd = vim.api.nvim_create_user_command
  cmd('LecternFixAll', function()
    M.fix_all()
  end, { desc = 'lectern: apply every safe fix in the current buffer', force = true })
  cmd('LecternOutline', function()
    M.outline()
  end, { desc = 'lectern: headings of the current buffer into the location list', force = true })
  cmd('LecternRestart', function()
    M.restart()
  end, { desc = 'lectern: restart the language server', force = true })
end

--- Configures and enables the server.
---@param opts? table see `M.defaults`
function M.setup(opts)
  M.create_commands()
  M.options = vim.tbl_deep_extend('force', vim.deepcopy(M.defaults), opts or {})
  M._setup_done = true
  local o = M.options
  if has_011() and not o.legacy then
    vim.lsp.config(NAME, {
      cmd = o.cmd,
      filetypes = o.filetypes,
      root_markers = o.root_markers,
      settings = { lectern = o.settings },
      init_options = o.settings,
      capabilities = o.capabilities,
      on_attach = o.on_attach,
    })
    vim.lsp.enable(NAME)
    return
  end
  local group = vim.api.nvim_create_augroup('lectern', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = o.filetypes,
    callback = function(ev)
      start_legacy(ev.buf)
    end,
  })
  -- Buffers already open when setup() runs (e.g. lazy-loaded on a FileType event).
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.tbl_contains(o.filetypes, vim.bo[buf].filetype) then
      start_legacy(buf)
    end
  end
end

--- The lectern clients attached to a buffer (all lectern clients when bufnr is nil).
function M.clients(bufnr)
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  return get({ name = NAME, bufnr = bufnr })
end

local function notify(msg, level)
  vim.notify('lectern: ' .. msg, level or vim.log.levels.INFO)
end

--- Sends a request to the lectern client of `bufnr` and waits for the answer.
---@return any result, vim.lsp.Client? client, string? err
local function request_sync(bufnr, method, params, timeout_ms)
  local client = M.clients(bufnr)[1]
  if not client then
    return nil, nil, 'the server is not running for this buffer'
  end
  local responses, err = vim.lsp.buf_request_sync(bufnr, method, params, timeout_ms or 5000)
  if not responses then
    return nil, client, err or 'no answer'
  end
  local r = responses[client.id]
  if not r then
    return nil, client, 'no answer from lectern'
  end
  if r.err then
    return nil, client, r.err.message or vim.inspect(r.err)
  end
  return r.result, client, nil
end
M._request_sync = request_sync

--- Length of a line in the client's position encoding.
local function encoded_len(line, encoding)
  if encoding == 'utf-8' then
    return #line
  end
  if has_011() then
    local ok, n = pcall(vim.str_utfindex, line, encoding)
    return ok and n or #line
  end
  local ok, u32, u16 = pcall(vim.str_utfindex, line)
  if not ok then
    return #line
  end
  return encoding == 'utf-16' and u16 or u32
end

--- The whole buffer as an LSP range that ends at the end of the last line (not past it).
local function whole_buffer_range(bufnr, encoding)
  local n = vim.api.nvim_buf_line_count(bufnr)
  local last = vim.api.nvim_buf_get_lines(bufnr, n - 1, n, false)[1] or ''
  return {
    start = { line = 0, character = 0 },
    ['end'] = { line = n - 1, character = encoded_len(last, encoding or 'utf-16') },
  }
end

--- The buffer's lectern diagnostics as LSP diagnostics (for code action contexts).
local function lsp_diagnostics(bufnr, client)
  local out = {}
  local ns = vim.lsp.diagnostic.get_namespace(client.id, false)
  local ok, diags = pcall(vim.diagnostic.get, bufnr, { namespace = ns })
  if not ok then
    diags = {}
  end
  for _, d in ipairs(diags) do
    local u = d.user_data and d.user_data.lsp
    if u then
      table.insert(out, u)
    end
  end
  return out
end

--- Applies every safe fix the server offers for the buffer (`source.fixAll.lectern`).
---@param bufnr? integer
---@return boolean applied
function M.fix_all(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local client = M.clients(bufnr)[1]
  if not client then
    notify('the server is not running for this buffer (:checkhealth lectern)', vim.log.levels.WARN)
    return false
  end
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = whole_buffer_range(bufnr, client.offset_encoding),
    context = { only = { FIX_ALL }, diagnostics = lsp_diagnostics(bufnr, client) },
  }
  local result, _, err = request_sync(bufnr, 'textDocument/codeAction', params, 10000)
  if err then
    notify('fix all failed: ' .. err, vim.log.levels.ERROR)
    return false
  end
  local applied = false
  for _, action in ipairs(result or {}) do
    if action.kind == FIX_ALL or (action.kind or ''):find('^' .. vim.pesc(FIX_ALL)) then
      if action.edit then
        vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
        applied = true
      end
    end
  end
  if not applied then
    notify('nothing to fix')
  end
  return applied
end

local function byte_col(bufnr, lnum0, character, encoding)
  if encoding == 'utf-8' or character == 0 then
    return character
  end
  local line = vim.api.nvim_buf_get_lines(bufnr, lnum0, lnum0 + 1, false)[1] or ''
  local ok, col
  if has_011() then
    ok, col = pcall(vim.str_byteindex, line, encoding, character, false)
  else
    ok, col = pcall(vim.str_byteindex, line, character, encoding == 'utf-16')
  end
  return ok and col or character
end

--- Document symbols as location-list items, indented by depth.
---@return table[] items
function M.outline_items(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local result, client, err = request_sync(bufnr, 'textDocument/documentSymbol', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
  })
  if err or not client then
    return {}, err
  end
  local enc = client.offset_encoding or 'utf-16'
  local items = {}
  local function walk(symbols, depth)
    for _, s in ipairs(symbols or {}) do
      local range = s.selectionRange or s.range or (s.location and s.location.range)
      if range then
        local l = range.start.line
        table.insert(items, {
          bufnr = bufnr,
          lnum = l + 1,
          col = byte_col(bufnr, l, range.start.character, enc) + 1,
          text = string.rep('  ', depth) .. s.name,
          depth = depth,
        })
      end
      walk(s.children, depth + 1)
    end
  end
  walk(result, 0)
  return items, nil
end

--- Puts the buffer's headings into the location list and opens it.
function M.outline(bufnr)
  local items, err = M.outline_items(bufnr)
  if err then
    notify('outline failed: ' .. err, vim.log.levels.ERROR)
    return
  end
  if #items == 0 then
    notify('no headings found')
  end
  vim.fn.setloclist(0, {}, ' ', { title = 'lectern outline', items = items })
  if #items > 0 then
    vim.cmd('lopen')
  end
end

--- Stops the server and starts it again for the buffers it served.
function M.restart()
  local bufs = {}
  for _, client in ipairs(M.clients()) do
    for buf in pairs(client.attached_buffers or {}) do
      bufs[buf] = true
    end
    if has_011() then
      client:stop()
    else
      client.stop()
    end
  end
  vim.wait(3000, function()
    return #M.clients() == 0
  end, 50)
  for buf in pairs(bufs) do
    if vim.api.nvim_buf_is_valid(buf) then
      vim.api.nvim_exec_autocmds('FileType', { buffer = buf })
    end
  end
end

return M
