--- lectern for Neovim 0.11+: what Neovim does not already do. The server is configured by
--- `lsp/lectern.lua` and started by `vim.lsp.enable('lectern')`; override any field with
--- `vim.lsp.config('lectern', {...})`. Quick fixes come from `vim.lsp.buf.code_action()`.
---
--- This module adds :LecternFixAll (one call of `vim.lsp.buf.code_action`), :LecternOutline
--- (the headings with their levels, which `vim.lsp.buf.document_symbol()` flattens),
--- :LecternRestart, `severity_sort` for lectern's diagnostics, and `:checkhealth lectern`.
local M = {}

local NAME = 'lectern'
local FIX_ALL = 'source.fixAll.lectern'

--- The lectern clients attached to a buffer (all lectern clients when bufnr is nil).
function M.clients(bufnr)
  return vim.lsp.get_clients({ name = NAME, bufnr = bufnr })
end

local function notify(msg, level)
  vim.notify('lectern: ' .. msg, level or vim.log.levels.INFO)
end

--- Applies every safe fix in the current buffer: the server's `source.fixAll.lectern` action.
function M.fix_all()
  vim.lsp.buf.code_action({ context = { only = { FIX_ALL }, diagnostics = {} }, apply = true })
end

--- The buffer's headings from `textDocument/documentSymbol`, depth first, each with its
--- `depth` (0 for the top level) in the item and in `user_data`.
---@return table[] items, string? err
function M.outline_items(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local client = M.clients(bufnr)[1]
  if not client then
    return {}, 'the server is not running for this buffer (:checkhealth lectern)'
  end
  local params = { textDocument = vim.lsp.util.make_text_document_params(bufnr) }
  local resp, err = client:request_sync('textDocument/documentSymbol', params, 5000, bufnr)
  if not resp or resp.err then
    return {}, err or (resp and resp.err and resp.err.message) or 'no answer'
  end
  local items = {}
  local function walk(symbols, depth)
    for _, s in ipairs(symbols or {}) do
      local range = s.selectionRange or s.range
      if range then
        local line = vim.api.nvim_buf_get_lines(bufnr, range.start.line, range.start.line + 1, false)[1] or ''
        local ok, col = pcall(vim.str_byteindex, line, client.offset_encoding, range.start.character, false)
        table.insert(items, {
          bufnr = bufnr,
          lnum = range.start.line + 1,
          col = (ok and col or 0) + 1,
          text = s.name,
          depth = depth,
          user_data = { depth = depth },
        })
      end
      walk(s.children, depth + 1)
    end
  end
  walk(resp.result, 0)
  return items, nil
end

--- `quickfixtextfunc` of the outline list: line number, then the title indented by level
--- (the quickfix window would strip leading spaces from the text itself).
function M.outline_text(info)
  local what = { id = info.id, items = 1 }
  local list = info.quickfix == 1 and vim.fn.getqflist(what) or vim.fn.getloclist(info.winid, what)
  local out = {}
  for i = info.start_idx, info.end_idx do
    local it = list.items[i]
    local depth = type(it.user_data) == 'table' and it.user_data.depth or 0
    table.insert(out, ('%4d │ %s%s'):format(it.lnum, string.rep('  ', depth), it.text))
  end
  return out
end

--- Puts the buffer's headings, indented by level, into the location list and opens it.
function M.outline(bufnr)
  local items, err = M.outline_items(bufnr)
  if err then
    notify('outline failed: ' .. err, vim.log.levels.ERROR)
    return
  end
  if #items == 0 then
    notify('no headings found')
    return
  end
  vim.fn.setloclist(0, {}, ' ', {
    title = 'lectern outline',
    items = items,
    quickfixtextfunc = "v:lua.require'lectern'.outline_text",
  })
  vim.cmd('lopen')
end

--- Stops the server and starts it again for the buffers it served.
function M.restart()
  local bufs = {}
  for _, client in ipairs(M.clients()) do
    for buf in pairs(client.attached_buffers or {}) do
      bufs[buf] = true
    end
    client:stop()
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

--- Creates the commands and the LspAttach hook that sorts lectern's diagnostics by severity
--- (an error's sign wins over a hint's on the same line). Idempotent.
function M.create_commands()
  local cmd = vim.api.nvim_create_user_command
  cmd('LecternFixAll', M.fix_all, { desc = 'lectern: apply every safe fix in the current buffer', force = true })
  cmd('LecternOutline', function()
    M.outline()
  end, { desc = 'lectern: headings of the current buffer, by level, in the location list', force = true })
  cmd('LecternRestart', M.restart, { desc = 'lectern: restart the language server', force = true })
  vim.api.nvim_create_autocmd('LspAttach', {
    group = vim.api.nvim_create_augroup('lectern', { clear = true }),
    callback = function(ev)
      local client = vim.lsp.get_client_by_id(ev.data.client_id)
      if client and client.name == NAME then
        vim.diagnostic.config({ severity_sort = true }, vim.lsp.diagnostic.get_namespace(client.id))
      end
    end,
  })
end

return M
