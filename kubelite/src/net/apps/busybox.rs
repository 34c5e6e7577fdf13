use super::{App, AppContext, AppRequest, Reply};

/// `busybox`, `yauritux/busybox-curl`, `curlimages/curl`: client images. Nothing listens;
/// the shell runs `curl`, `wget` and `nslookup` from them.
#[derive(Clone, Copy, Debug, Default)]
pub struct Busybox;

impl App for Busybox {
    fn name(&self) -> &str {
        "busybox"
    }

    fn listens(&self) -> bool {
        false
    }

    fn serve(&self, _req: &AppRequest, _ctx: &mut AppContext<'_>) -> Reply {
        // Unreachable through the proxy (nothing listens); answer like a closed port would
        // be reported if a caller invoked it directly.
        Reply::text(502, "")
    }
}
