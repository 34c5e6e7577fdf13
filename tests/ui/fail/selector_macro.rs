fn main() {
    // Each error names upstream's reason and underlines the offending part of the string.
    let _ = kubelite::selector!("app=web,,tier=db");
    let _ = kubelite::selector!("app=web, tier in (a");
    let _ = kubelite::selector!("-app=web");
    let _ = kubelite::selector!("replicas>many");
    let _ = kubelite::selector!(app = web);
}
