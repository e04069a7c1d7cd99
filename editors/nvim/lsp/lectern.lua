-- lectern language server configuration for Neovim 0.11+ (`vim.lsp.config` / `vim.lsp.enable`).
--
--   vim.lsp.enable('lectern')
--
-- Override any field with `vim.lsp.config('lectern', { ... })`, e.g.
--   vim.lsp.config('lectern', { settings = { lectern = { locale = 'en' } } })
---@type vim.lsp.Config
return {
  cmd = { 'lectern', 'lsp' },
  filetypes = { 'text', 'markdown' },
  root_markers = { 'lectern.toml', '.git' },
  -- Answered to the server's `workspace/configuration` request for section `lectern`.
  settings = { lectern = {} },
}
