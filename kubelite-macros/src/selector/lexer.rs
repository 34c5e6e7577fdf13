//! The selector lexer: kubelite's own (`kubelite-rules`), so the macro tokenizes a selector
//! string exactly as `kubelite::labels::Selector::parse` does.

pub(super) use kubelite_rules::selector_lexer::{Tok, Token, scan};
