use super::{App, AppContext, AppRequest, Reply, access_line};

/// `nginx`: the default welcome page on port 80, 404 elsewhere; combined access log.
#[derive(Clone, Copy, Debug, Default)]
pub struct Nginx;

/// nginx's default `index.html`.
pub const NGINX_WELCOME: &str = "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed and\nworking. Further configuration is required.</p>\n</body>\n</html>\n";

impl App for Nginx {
    fn name(&self) -> &str {
        "nginx"
    }

    fn ports(&self) -> &[u16] {
        &[80]
    }

    fn serve(&self, req: &AppRequest, ctx: &mut AppContext<'_>) -> Reply {
        let reply = if req.path() == "/" || req.path() == "/index.html" {
            Reply::with_type(200, "text/html", NGINX_WELCOME)
        } else {
            Reply::with_type(
                404,
                "text/html",
                "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
            )
        };
        ctx.log(access_line(req, ctx.now(), reply.status, reply.body.len()));
        reply
    }
}
