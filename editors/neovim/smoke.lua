-- A real client against `scaffc lsp`: Neovim's built-in one (0.7 or later), headless.
-- Run by .ci/run:
--   SCAFFC_BIN=target/debug/scaffc SCAFFC_WS=<a copy of fixtures/lsp> \
--     nvim --headless -u NONE -c 'luafile editors/neovim/smoke.lua'
-- Opens `Conf/AD/AD Jobs.xml`, waits for the diagnostics, asks for a hover and a definition,
-- and exits 1 at the first answer that is not the expected one.
local bin = os.getenv('SCAFFC_BIN')
local root = os.getenv('SCAFFC_WS')
local failed = false
local function expect(what, got, want)
  if got ~= want then
    io.stderr:write(string.format('FAIL %s\n  got:  %s\n  want: %s\n', what, tostring(got), tostring(want)))
    failed = true
  else
    io.stdout:write('ok   ' .. what .. '\n')
  end
end

local client_id = vim.lsp.start_client({
  name = 'scaffc',
  cmd = { bin, 'lsp' },
  root_dir = root,
  workspace_folders = { { uri = vim.uri_from_fname(root), name = 'conf' } },
})
vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/Conf/AD/AD Jobs.xml'))
vim.lsp.buf_attach_client(0, client_id)
vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 50)

local diagnostics = vim.diagnostic.get(0)
expect('one diagnostic', #diagnostics, 1)
local d = diagnostics[1] or { lnum = -1, col = 0, end_col = 0 }
-- Line 9 holds `é` and an emoji before the mistake: Neovim converts the server's UTF-16
-- columns to bytes, and the underline must cover exactly `ADX`.
local line = vim.api.nvim_buf_get_lines(0, 8, 9, false)[1]
expect('diagnostic line', d.lnum, 8)
expect('underlined text', line:sub(d.col + 1, d.end_col), 'ADX')

local params = {
  textDocument = vim.lsp.util.make_text_document_params(),
  position = { line = 2, character = 5 },
}
local hover = vim.lsp.buf_request_sync(0, 'textDocument/hover', params, 10000)
local first
for _, r in pairs(hover or {}) do
  first = vim.split(r.result.contents.value, '\n')[1]
end
expect('hover on the scaffolding', first, '**CreateConnectorSynchroIncremental** generates 1 element:')

params.position = { line = 2, character = 49 }
local def = vim.lsp.buf_request_sync(0, 'textDocument/definition', params, 10000)
local target
for _, r in pairs(def or {}) do
  local l = r.result[1]
  target = vim.uri_to_fname(l.uri):sub(#root + 2) .. ':' .. l.range.start.line .. ':' .. l.range.start.character
end
expect('definition of Connector="AD"', target, 'Conf/AD/AD Connector.xml:2:25')

vim.lsp.stop_client(client_id)
if failed then
  vim.cmd('cquit 1')
else
  vim.cmd('qa!')
end
