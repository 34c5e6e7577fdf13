// The expansion names the crate through `$crate`, so it works under any name.
extern crate kubelite as renamed;

fn main() {
    let cluster = renamed::cluster! {
        namespace default {
            deployment web { image: "nginx" }
            service web { selector: { app: web }, ports: [80] }
        }
    };
    let _ = cluster.now();
    let _ = renamed::labels! { app: web };
}
