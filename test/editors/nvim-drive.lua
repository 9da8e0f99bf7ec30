-- Drives `kubesense lsp --stdio` from headless Neovim with its built-in LSP client, as a user's config would:
-- settings given only as `settings` (no init_options). Writes what it saw as JSON for test/editors/neovim.test.ts.
-- Environment: KUBESENSE_CMD (JSON array), MANIFEST, SCHEMAS_A, SCHEMAS_B, RESULT.
local env = vim.env
local result = { steps = {} }
local function step(name, value) result.steps[name] = value end
local function finish(err)
  if err then result.error = err end
  local f = assert(io.open(env.RESULT, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qa!')
end

local published = {} -- uri -> latest LSP diagnostics, as the server sent them
local client_id = vim.lsp.start_client({
  name = 'kubesense',
  cmd = vim.fn.json_decode(env.KUBESENSE_CMD),
  root_dir = vim.fn.fnamemodify(env.MANIFEST, ':h'),
  settings = { kubesense = { schemaDirectory = env.SCHEMAS_A } },
  handlers = {
    ['textDocument/publishDiagnostics'] = function(err, res, ctx, config)
      published[res.uri] = res.diagnostics
      return vim.lsp.diagnostic.on_publish_diagnostics(err, res, ctx, config)
    end,
  },
})
if not client_id then return finish('start_client failed') end

vim.cmd('edit ' .. vim.fn.fnameescape(env.MANIFEST))
local bufnr = vim.api.nvim_get_current_buf()
local uri = vim.uri_from_bufnr(bufnr)
vim.lsp.buf_attach_client(bufnr, client_id)

local function messages()
  local out = {}
  for _, d in ipairs(published[uri] or {}) do
    table.insert(out, { line = d.range.start.line, character = d.range.start.character, message = d.message })
  end
  table.sort(out, function(a, b) return a.line < b.line end)
  return out
end
local function wait_for(pred, what)
  if not vim.wait(60000, pred, 50) then error('timed out waiting for ' .. what) end
end
local function has_message(needle)
  for _, d in ipairs(published[uri] or {}) do
    if d.message:find(needle, 1, true) then return true end
  end
  return false
end
local function request(method, params)
  local responses = vim.lsp.buf_request_sync(bufnr, method, params, 60000)
  local r = responses and responses[client_id]
  if not r then error(method .. ': no answer') end
  if r.err then error(method .. ': ' .. vim.inspect(r.err)) end
  return r.result
end
local function pos(line, character)
  return { textDocument = { uri = uri }, position = { line = line, character = character } }
end

local ok, err = pcall(function()
  -- 1. Diagnostics from the schemas named in `settings`.
  wait_for(function() return has_message('containerPort') end, 'diagnostics')
  step('diagnostics', messages())

  -- 2. Hover on a key: its type and description.
  local line_of = function(pattern)
    for i, l in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
      if l:find(pattern) then return i - 1, l:find(pattern) - 1 end
    end
    error('no line matches ' .. pattern)
  end
  local port_line, port_col = line_of('containerPort')
  local hover = request('textDocument/hover', pos(port_line, port_col + 2))
  step('hover', hover and hover.contents and (hover.contents.value or vim.inspect(hover.contents)) or '')

  -- 3. Completion of keys in the container mapping.
  local image_line, image_col = line_of('image: nginx')
  local completion = request('textDocument/completion', pos(image_line, image_col))
  local items = completion and (completion.items or completion) or {}
  local labels = {}
  for _, item in ipairs(items) do table.insert(labels, item.label) end
  step('completion', labels)

  -- 4. The quick fix of the YAML 1.1 `yes`, applied to the buffer as the user's code-action key would.
  local fixable
  for _, d in ipairs(published[uri]) do
    if d.message:find('read as boolean', 1, true) then fixable = d end
  end
  if not fixable then error('no diagnostic with a fix') end
  local actions = request('textDocument/codeAction', {
    textDocument = { uri = uri },
    range = fixable.range,
    context = { diagnostics = { fixable } },
  })
  local action = actions and actions[1]
  if not action or not action.edit then error('no quick fix: ' .. vim.inspect(actions)) end
  step('quickfix_title', action.title)
  vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
  step('fixed_line', vim.api.nvim_buf_get_lines(bufnr, fixable.range.start.line, fixable.range.start.line + 1, false)[1])
  wait_for(function() return not has_message('read as boolean') end, 'diagnostics after the fix')
  step('after_fix', messages())

  -- 5. Another schema folder, as a user changes `settings`: open documents are validated again.
  local client = vim.lsp.get_client_by_id(client_id)
  client.config.settings = { kubesense = { schemaDirectory = env.SCHEMAS_B } }
  client.notify('workspace/didChangeConfiguration', { settings = client.config.settings })
  wait_for(function() return has_message('unknown field') end, 'diagnostics with the other schemas')
  step('after_settings_change', messages())
end)
finish(not ok and tostring(err) or nil)
