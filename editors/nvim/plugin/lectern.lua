-- lectern: user commands. The server itself is started by `vim.lsp.enable('lectern')` (0.11+)
-- or by `require('lectern').setup()` (0.10+), which also creates these commands.
if vim.g.loaded_lectern then
  return
end
vim.g.loaded_lectern = true
require('lectern').create_commands()
