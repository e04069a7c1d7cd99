-- lectern: user commands. The server itself is started by `vim.lsp.enable('lectern')` (0.11+)
-- or by `require('lectern').setup()` (0.10+).
if vim.g.loaded_lectern then
  return
end
vim.g.loaded_lectern = true

vim.api.nvim_create_user_command('LecternFixAll', function()
  require('lectern').fix_all()
end, { desc = 'lectern: apply every safe fix in the current buffer' })

vim.api.nvim_create_user_command('LecternOutline', function()
  require('lectern').outline()
end, { desc = 'lectern: headings of the current buffer into the location list' })

vim.api.nvim_create_user_command('LecternRestart', function()
  require('lectern').restart()
end, { desc = 'lectern: restart the language server' })
