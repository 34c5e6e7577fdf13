fn main() {
    let _labels = kubelite::labels! { "a/b/c": "x", app: "-web" };
}
