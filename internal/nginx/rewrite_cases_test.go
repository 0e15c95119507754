package nginx

// rewriteCase sets Host in the location whose proxy_pass is proxy (its
// argument) and expects the files in want (the others unchanged).
type rewriteCase struct {
	name  string
	files Files
	roots []string // default: "default.conf"
	proxy string
	host  string
	want  Files
	done  string // summary of Rewritten: see doneSummary
}

var rewriteCases = []rewriteCase{
	{
		name: "a location's own Host $host is replaced in place, and X-Forwarded-Host already set is kept",
		files: Files{"default.conf": `server {
    listen 80;
    location /api {
        proxy_pass http://10.0.0.7:8080;
        proxy_set_header Host $host;  # the external name
        proxy_set_header X-Forwarded-Host $host;
    }
}
`},
		proxy: "http://10.0.0.7:8080", host: "was-service",
		want: Files{"default.conf": `server {
    listen 80;
    location /api {
        proxy_pass http://10.0.0.7:8080;
        proxy_set_header Host was-service;  # the external name
        proxy_set_header X-Forwarded-Host $host;
    }
}
`},
		done: "old=$host at=proxy_set_header",
	},
	{
		name: "a quoted Host value keeps its quotes, and X-Forwarded-Host is added after the proxy_pass",
		files: Files{"default.conf": `server {
    location /api {
        proxy_set_header X-Real-IP $remote_addr;
        proxy_pass http://10.0.0.7:8080;
        proxy_set_header 'Host' "$http_host";
    }
}
`},
		proxy: "http://10.0.0.7:8080", host: "was-service.blog-system",
		want: Files{"default.conf": `server {
    location /api {
        proxy_set_header X-Real-IP $remote_addr;
        proxy_pass http://10.0.0.7:8080;
        proxy_set_header X-Forwarded-Host $host;
        proxy_set_header 'Host' "was-service.blog-system";
    }
}
`},
		done: "old=$http_host at=proxy_set_header xfh",
	},
	{
		name: "a Host taken from the caller's X-Forwarded-Host keeps that header as it came, not this nginx's $host",
		files: Files{"default.conf": `server {
    location /api {
        proxy_set_header Host $http_x_forwarded_host;
        proxy_pass http://10.0.0.7:8080;
    }
}
`},
		proxy: "http://10.0.0.7:8080", host: "was-service",
		want: Files{"default.conf": `server {
    location /api {
        proxy_set_header Host was-service;
        proxy_pass http://10.0.0.7:8080;
        proxy_set_header X-Forwarded-Host $http_x_forwarded_host;
    }
}
`},
		done: "old=$http_x_forwarded_host at=proxy_set_header xfh",
	},
	{
		name: "a server-level list is copied into a location that has none, then Host and X-Forwarded-Host",
		files: Files{"default.conf": `server {
    listen 80;
    # headers for every location
    proxy_set_header X-Real-IP $remote_addr;
    proxy_set_header Host $host;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;

    location / {
        root /usr/share/nginx/html;
    }

    location /api {
        proxy_pass http://10.0.0.7:8080;
    }
}
`},
		proxy: "http://10.0.0.7:8080", host: "was-service",
		want: Files{"default.conf": `server {
    listen 80;
    # headers for every location
    proxy_set_header X-Real-IP $remote_addr;
    proxy_set_header Host $host;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;

    location / {
        root /usr/share/nginx/html;
    }

    location /api {
        proxy_pass http://10.0.0.7:8080;
        proxy_set_header X-Real-IP $remote_addr;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header Host was-service;
        proxy_set_header X-Forwarded-Host $host;
    }
}
`},
		done: "old=$host at=proxy_pass copied=server xfh",
	},
	{
		name:  "an http-level list reaches the location through server and is copied from http",
		roots: []string{"nginx.conf"},
		files: Files{"nginx.conf": `events {}
http {
	proxy_set_header Host $host;
	proxy_set_header X-Forwarded-Host $host;
	server {
		location /api {
			proxy_pass http://10.0.0.7:8080;
		}
	}
}
`},
		proxy: "http://10.0.0.7:8080", host: "was-service",
		want: Files{"nginx.conf": `events {}
http {
	proxy_set_header Host $host;
	proxy_set_header X-Forwarded-Host $host;
	server {
		location /api {
			proxy_pass http://10.0.0.7:8080;
			proxy_set_header X-Forwarded-Host $host;
			proxy_set_header Host was-service;
		}
	}
}
`},
		done: "old=$host at=proxy_pass copied=http",
	},
	{
		name: "no proxy_set_header anywhere (nginx's default $proxy_host): Host and X-Forwarded-Host are added",
		files: Files{"default.conf": `upstream backend {
    server 10.0.0.7:8080;
}
server {
    location /api {
        proxy_pass http://backend;
        proxy_http_version 1.1;
    }
}
`},
		proxy: "http://backend", host: "was-service",
		want: Files{"default.conf": `upstream backend {
    server 10.0.0.7:8080;
}
server {
    location /api {
        proxy_pass http://backend;
        proxy_set_header Host was-service;
        proxy_set_header X-Forwarded-Host $host;
        proxy_http_version 1.1;
    }
}
`},
		done: "old= at=proxy_pass xfh",
	},
	{
		name: "a location whose own list lacks Host gets Host after the proxy_pass, its list otherwise kept",
		files: Files{"default.conf": `server {
    proxy_set_header Host $host;
    location /api {
        proxy_pass http://backend;
        proxy_set_header Connection "";
    }
}
upstream backend { server 10.0.0.7:8080; }
`},
		proxy: "http://backend", host: "was-service",
		want: Files{"default.conf": `server {
    proxy_set_header Host $host;
    location /api {
        proxy_pass http://backend;
        proxy_set_header Host was-service;
        proxy_set_header X-Forwarded-Host $host;
        proxy_set_header Connection "";
    }
}
upstream backend { server 10.0.0.7:8080; }
`},
		done: "old= at=proxy_pass xfh",
	},
	{
		name: "a proxy_pass inside an if gets its lines at the top of the location (proxy_set_header is not allowed in if)",
		files: Files{"default.conf": `server {
    proxy_set_header Host $host;
    location /api {
        if ($request_method = POST) {
            proxy_pass http://10.0.0.7:8080;
        }
        return 405;
    }
}
`},
		proxy: "http://10.0.0.7:8080", host: "was-service",
		want: Files{"default.conf": `server {
    proxy_set_header Host $host;
    location /api {
        proxy_set_header Host was-service;
        proxy_set_header X-Forwarded-Host $host;
        if ($request_method = POST) {
            proxy_pass http://10.0.0.7:8080;
        }
        return 405;
    }
}
`},
		done: "old=$host at=location copied=server xfh",
	},
	{
		name: "a Host from an included file is replaced in a copy written out in the location; the file is untouched",
		files: Files{
			"default.conf": `server {
    location /api {
        include proxy_headers.inc;
        proxy_pass http://10.0.0.7:8080;
    }
    location /admin {
        include proxy_headers.inc;
        proxy_pass http://10.0.0.8:8080;
    }
}
`,
			"proxy_headers.inc": `# shared by every proxied location
proxy_set_header X-Real-IP $remote_addr;
proxy_set_header Host $host;
`},
		proxy: "http://10.0.0.7:8080", host: "was-service",
		want: Files{"default.conf": `server {
    location /api {
        # shared by every proxied location
        proxy_set_header X-Real-IP $remote_addr;
        proxy_set_header Host was-service;
        proxy_pass http://10.0.0.7:8080;
        proxy_set_header X-Forwarded-Host $host;
    }
    location /admin {
        include proxy_headers.inc;
        proxy_pass http://10.0.0.8:8080;
    }
}
`},
		done: "old=$host at=include inlined=proxy_headers.inc xfh",
	},
	{
		name:  "a one-line location gets its lines on the same line",
		files: Files{"default.conf": `server { location /api { proxy_pass http://10.0.0.7:8080; } }`},
		proxy: "http://10.0.0.7:8080", host: "was-service",
		want: Files{"default.conf": `server { location /api { proxy_pass http://10.0.0.7:8080; proxy_set_header Host was-service; proxy_set_header X-Forwarded-Host $host; } }`},
		done: "old= at=proxy_pass xfh",
	},
	{
		name: "a second Host line on the same level, which nginx would send too, is removed",
		files: Files{"default.conf": `server {
    location /api {
        proxy_pass http://10.0.0.7:8080;
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-Host $host;
        proxy_set_header HOST $http_host; # legacy
    }
}
`},
		proxy: "http://10.0.0.7:8080", host: "was-service",
		want: Files{"default.conf": `server {
    location /api {
        proxy_pass http://10.0.0.7:8080;
        proxy_set_header Host was-service;
        proxy_set_header X-Forwarded-Host $host;
    }
}
`},
		done: "old=$host at=proxy_set_header",
	},
	{
		name:  "a comment after the proxy_pass stays on its line; CRLF line ends are kept",
		files: Files{"default.conf": "server {\r\n  location /api {\r\n    proxy_pass http://10.0.0.7:8080; # to was\r\n  }\r\n}\r\n"},
		proxy: "http://10.0.0.7:8080", host: "was-service",
		want: Files{"default.conf": "server {\r\n  location /api {\r\n    proxy_pass http://10.0.0.7:8080; # to was\r\n" +
			"    proxy_set_header Host was-service;\r\n    proxy_set_header X-Forwarded-Host $host;\r\n  }\r\n}\r\n"},
		done: "old= at=proxy_pass xfh",
	},
	{
		name: "a location nested in another copies the outer location's list",
		files: Files{"default.conf": `server {
    location /api {
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-Host $host;
        location /api/v2 {
            proxy_pass http://10.0.0.7:8080;
        }
    }
}
`},
		proxy: "http://10.0.0.7:8080", host: "was-service",
		want: Files{"default.conf": `server {
    location /api {
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-Host $host;
        location /api/v2 {
            proxy_pass http://10.0.0.7:8080;
            proxy_set_header X-Forwarded-Host $host;
            proxy_set_header Host was-service;
        }
    }
}
`},
		done: "old=$host at=proxy_pass copied=location",
	},
	{
		name:  "a location held in an included file is edited in that file, the only one that holds it",
		roots: []string{"nginx.conf"},
		files: Files{
			"nginx.conf": "events {}\nhttp {\n    include api.conf;\n}\n",
			"api.conf": `server {
    location /api {
        proxy_pass http://10.0.0.7:8080;
    }
}
`},
		proxy: "http://10.0.0.7:8080", host: "was-service",
		want: Files{"api.conf": `server {
    location /api {
        proxy_pass http://10.0.0.7:8080;
        proxy_set_header Host was-service;
        proxy_set_header X-Forwarded-Host $host;
    }
}
`},
		done: "old= at=proxy_pass xfh",
	},
}
