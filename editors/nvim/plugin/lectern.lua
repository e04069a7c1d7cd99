-- lectern: user commands and severity sorting. The server itself is started by
-- `vim.lsp.enable('lectern')` with the configuration in `lsp/lectern.lua`.
if vim.g.loaded_lectern or vim.fn.has('nvim-0.11') == 0 then
  return
end
vim.g.loaded_lectern = true
require('lectern').create_commands()
