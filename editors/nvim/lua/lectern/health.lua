--- :checkhealth lectern
local M = {}
local NAME = 'lectern'

function M.check()
  local health = vim.health
  local lectern = require('lectern')
  health.start('lectern')

  if vim.fn.has('nvim-0.11') == 1 then
    health.ok('Neovim 0.11+: start the server with `vim.lsp.enable("lectern")`')
  else
    health.error('Neovim 0.11 or newer is required', { 'Install a newer Neovim' })
    return
  end

  local cmd = (vim.lsp.config[NAME] or {}).cmd
  local exe = type(cmd) == 'table' and cmd[1] or nil
  if not exe then
    health.error('no server command configured')
    return
  end
  local path = vim.fn.exepath(exe)
  if path == '' then
    health.error(('server binary `%s` not found'):format(exe), {
      'Install it: `cargo install --path .` in a lectern checkout (puts `lectern` in ~/.cargo/bin)',
      'or set the full path: vim.lsp.config("lectern", { cmd = { "/path/to/lectern", "lsp" } })',
    })
    return
  end
  health.ok(('server binary: %s'):format(path))

  local out = vim.fn.system({ path, '--version' })
  if vim.v.shell_error == 0 then
    health.ok(('version: %s'):format(vim.trim(out)))
  else
    health.warn(('`%s --version` failed: %s'):format(path, vim.trim(out)))
  end

  local clients = lectern.clients()
  if #clients == 0 then
    health.info('server not running (it starts when a text or Markdown buffer is opened)')
  else
    for _, c in ipairs(clients) do
      local n = vim.tbl_count(c.attached_buffers or {})
      health.ok(('server running: client id %d, %d buffer(s), position encoding %s'):format(
        c.id,
        n,
        tostring(c.offset_encoding)
      ))
    end
  end
end

return M
