//! The parsed template: client-go's `node.go`, reduced to the shapes the evaluator needs.

/// One node of a template or of an action's expression.
///
/// A template is a sequence of [`Node::Text`] and [`Node::List`] (one list per `{...}`
/// action); a list holds the action's expression nodes, evaluated left to right.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Node {
    /// Literal text, outside actions or as a quoted string inside one.
    Text(String),
    /// A sequence evaluated in order, each node consuming the previous node's results.
    List(Vec<Node>),
    /// `.name` or `['name']`: a map key.
    Field(String),
    /// `[start:end:step]`, `[i]` or `[*]`.
    Array([SliceParam; 3]),
    /// `[?(left op right)]`, or `[?(left)]` for existence (`op` is then `exists`).
    Filter(Box<Filter>),
    /// An integer literal (Go `int`).
    Int(i64),
    /// A float literal.
    Float(f64),
    /// `true` or `false`.
    Bool(bool),
    /// `.*`.
    Wildcard,
    /// `..`.
    Recursive,
    /// `[a,b]`: each alternative evaluated against the same input, results concatenated.
    Union(Vec<Vec<Node>>),
    /// A bare word: `range`, `end`, or an unknown identifier (an error when evaluated).
    Identifier(String),
}

/// One of the three slice parameters, as client-go's `ParamsEntry`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct SliceParam {
    pub(crate) value: i64,
    pub(crate) known: bool,
    /// Set on the end of a plain index (`[i]` means `[i:i+1]`), so that `[-1]` can end at
    /// the array's length.
    pub(crate) derived: bool,
}

/// The two sides of a filter and the operator text between them.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Filter {
    pub(crate) left: Vec<Node>,
    pub(crate) right: Vec<Node>,
    pub(crate) operator: String,
}

/// The operator client-go gives a filter without a comparison.
pub(crate) const EXISTS_OPERATOR: &str = "exists";
