use super::{App, AppContext, AppRequest, Reply, access_line};

/// `k8s.gcr.io/echoserver:1.4`: nginx with a Lua handler that echoes the request back,
/// on port 8080, logging an nginx access line per request.
#[derive(Clone, Copy, Debug, Default)]
pub struct Echoserver;

impl App for Echoserver {
    fn name(&self) -> &str {
        "echoserver"
    }

    fn ports(&self) -> &[u16] {
        &[8080]
    }

    fn serve(&self, req: &AppRequest, ctx: &mut AppContext<'_>) -> Reply {
        // request_uri is `$scheme://$host:$server_port$request_uri`: the Host header
        // without its port, then the port nginx listens on.
        let host = req.header("host").unwrap_or("");
        let host = host.rsplit_once(':').map_or(host, |(h, _)| h);
        let mut headers = req.headers.clone();
        headers.sort_by(|a, b| a.0.cmp(b.0));
        let mut body = format!(
            "CLIENT VALUES:\nclient_address={}\ncommand={}\nreal path={}\nquery={}\nrequest_version=1.1\nrequest_uri=http://{host}:{}{}\n\nSERVER VALUES:\nserver_version=nginx: 1.10.0 - lua: 10001\n\nHEADERS RECEIVED:\n",
            req.client,
            req.method,
            req.path(),
            req.query().unwrap_or("nil"),
            req.port,
            if req.target.starts_with('/') {
                req.target.to_owned()
            } else {
                format!("/{}", req.target)
            },
        );
        for (name, value) in headers {
            body.push_str(&format!("{name}={value}\n"));
        }
        body.push_str("BODY:\n");
        if req.body.is_empty() {
            body.push_str("-no body in request-");
        } else {
            body.push_str(req.body);
        }
        ctx.log(access_line(req, ctx.now(), 200, body.len()));
        Reply::with_type(200, "text/plain", body)
    }
}
