use super::{App, AppContext, AppRequest, Reply};

/// An image kubelite does not know: it listens on the ports its containers declare and
/// answers 200 with a line naming itself.
#[derive(Clone, Copy, Debug, Default)]
pub struct Generic;

impl App for Generic {
    fn name(&self) -> &str {
        "generic"
    }

    fn serve(&self, req: &AppRequest, ctx: &mut AppContext<'_>) -> Reply {
        ctx.log(format!("{} {} {}", req.client, req.method, req.target));
        Reply::text(
            200,
            format!(
                "{} answered {} {} on port {}\n",
                ctx.pod(),
                req.method,
                req.target,
                req.port
            ),
        )
    }
}
