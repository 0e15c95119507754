// Package nginx is a small, exact parser for nginx configuration files and a
// model of what nginx's proxy_pass actually sends upstream.
//
// The tokenizer follows nginx's own ngx_conf_read_token
// (src/core/ngx_conf_file.c) byte for byte, so a config this package accepts
// is one `nginx -t` accepts at the syntax level, and vice versa; the raw Lua
// blocks of lua-nginx-module (*_by_lua_block) follow that module's lexer
// (src/ngx_http_lua_directive.c, ngx_http_lua_conf_lua_block_parse).
// Directive semantics (which directive is allowed where, argument counts)
// are not checked: nginx reports those after parsing and so may a linter.
//
// Files: lexer.go and words.go tokenize, parse.go builds the tree, lua.go
// reads raw Lua blocks, include.go splices includes, target.go, proxy.go,
// host.go and vars.go model proxy_pass and the Host header it sends, and
// rewrite*.go make the minimal text edits that set a safe Host header
// (mutation MM01), checked by re-parsing every result.
//
// The tests in nginx_test.go and random_nginx_test.go check the parser
// against the real `nginx -t` and need the Debian packages nginx and
// libnginx-mod-http-lua installed.
package nginx
