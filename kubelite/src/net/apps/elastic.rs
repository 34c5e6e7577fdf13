use super::{App, AppContext, AppRequest, Reply, access_line, tag};

/// `kibana`: answers 503 `Kibana server is not ready yet` on 5601 until Elasticsearch
/// answers at `ELASTICSEARCH_HOSTS` (default `http://elasticsearch:9200`), then 200.
#[derive(Clone, Copy, Debug, Default)]
pub struct Kibana;

/// Kibana's answer while it cannot reach Elasticsearch.
pub const KIBANA_NOT_READY: &str = "Kibana server is not ready yet";

impl App for Kibana {
    fn name(&self) -> &str {
        "kibana"
    }

    fn ports(&self) -> &[u16] {
        &[5601]
    }

    fn serve(&self, req: &AppRequest, ctx: &mut AppContext<'_>) -> Reply {
        let hosts = ctx
            .env("ELASTICSEARCH_HOSTS")
            .or_else(|| ctx.env("ELASTICSEARCH_URL"))
            .unwrap_or("http://elasticsearch:9200")
            .to_owned();
        let first = hosts.split(',').next().unwrap_or(&hosts).trim().to_owned();
        let ready = matches!(ctx.get(&first), Ok(r) if r.status() == 200);
        let reply = if ready {
            Reply::with_type(
                200,
                "text/html; charset=utf-8",
                "<!DOCTYPE html><html lang=\"en\"><head><title>Kibana</title></head><body><div class=\"kibanaWelcomeView\">Loading Kibana</div></body></html>",
            )
        } else {
            let time = ctx.now().to_string();
            ctx.log(format!(
                "{{\"type\":\"log\",\"@timestamp\":\"{time}\",\"tags\":[\"warning\",\"elasticsearch\",\"admin\"],\"pid\":6,\"message\":\"Unable to revive connection: {first}/\"}}"
            ));
            Reply::text(503, KIBANA_NOT_READY)
        };
        ctx.log(format!(
            "{{\"type\":\"response\",\"@timestamp\":\"{}\",\"tags\":[],\"pid\":6,\"method\":\"{}\",\"statusCode\":{},\"req\":{{\"url\":\"{}\",\"remoteAddress\":\"{}\"}}}}",
            ctx.now(),
            req.method.to_ascii_lowercase(),
            reply.status,
            req.target,
            req.client
        ));
        reply
    }
}

/// `elasticsearch`: the JSON banner on 9200, naming the pod and the image's version.
#[derive(Clone, Copy, Debug, Default)]
pub struct Elasticsearch;

impl App for Elasticsearch {
    fn name(&self) -> &str {
        "elasticsearch"
    }

    fn ports(&self) -> &[u16] {
        &[9200, 9300]
    }

    fn serve(&self, req: &AppRequest, ctx: &mut AppContext<'_>) -> Reply {
        let version = match tag(ctx.image()) {
            "latest" => "7.6.1",
            v => v,
        }
        .to_owned();
        let body = format!(
            "{{\n  \"name\" : \"{}\",\n  \"cluster_name\" : \"docker-cluster\",\n  \"cluster_uuid\" : \"_na_\",\n  \"version\" : {{\n    \"number\" : \"{version}\",\n    \"build_flavor\" : \"default\",\n    \"build_type\" : \"docker\",\n    \"build_snapshot\" : false\n  }},\n  \"tagline\" : \"You Know, for Search\"\n}}\n",
            ctx.hostname()
        );
        let _ = access_line;
        let _ = req;
        Reply::with_type(200, "application/json; charset=UTF-8", body)
    }
}
