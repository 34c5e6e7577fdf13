//! The evaluator: client-go's `FindResults` and its `eval*` functions.
//!
//! Two upstream traits are kept on purpose:
//! - `{range}`/`{end}` are not parsed as blocks. Evaluation walks the flat list of actions and
//!   counts opened ranges and pending ends, recursing into the rest of the template for each
//!   element, then skips to the last `{end}` it saw. Malformed nestings therefore behave as
//!   kubectl's do.
//! - An evaluation error carries values with it (upstream returns both), and an existence filter
//!   `[?(@.x)]` ignores the error and looks at those values.

use serde_json::Value;

use super::compare::compare;
use super::error::JsonPathError;
use super::item::Item;
use super::node::{EXISTS_OPERATOR, Filter, Node, SliceParam};

/// How many `{range}` levels may be open at once. Upstream has no limit; this one keeps the
/// stack bounded on hostile templates (real ones nest a handful deep).
const MAX_RANGE_DEPTH: usize = 100;

/// The results of each evaluated top-level node (text or action), in output order.
pub(crate) type Results<'a> = Vec<Vec<Item<'a>>>;

/// Evaluates a parsed template against `data`.
pub(crate) fn find_results<'a>(
    nodes: &'a [Node],
    data: &'a Value,
    allow_missing_keys: bool,
) -> Result<Results<'a>, JsonPathError> {
    let mut evaluator = Evaluator {
        nodes,
        allow_missing_keys,
        begin_range: 0,
        in_range: 0,
        end_range: 0,
        last_end_node: None,
        depth: 0,
    };
    evaluator.find_results(Item::root(data), 0)
}

/// An evaluation error and the values upstream returns alongside it.
struct Failure<'a> {
    error: JsonPathError,
    values: Vec<Item<'a>>,
}

impl<'a> Failure<'a> {
    fn new(error: JsonPathError, values: Vec<Item<'a>>) -> Self {
        Failure { error, values }
    }
}

type Eval<'a> = Result<Vec<Item<'a>>, Failure<'a>>;

struct Evaluator<'a> {
    nodes: &'a [Node],
    allow_missing_keys: bool,
    /// `{range}`s evaluated whose loop has not started yet.
    begin_range: usize,
    /// Loops currently running.
    in_range: usize,
    /// `{end}`s evaluated that have not closed a loop yet.
    end_range: usize,
    /// Index (in `nodes`) of the last `{end}` that closed a loop body.
    last_end_node: Option<usize>,
    depth: usize,
}

impl<'a> Evaluator<'a> {
    /// Evaluates `nodes[base..]` with `data` as the current object.
    fn find_results(&mut self, data: Item<'a>, base: usize) -> Result<Results<'a>, JsonPathError> {
        if self.depth >= MAX_RANGE_DEPTH {
            return Err(JsonPathError::NestedTooDeeply);
        }
        self.depth += 1;
        let results = self.find_results_at_depth(data, base);
        self.depth -= 1;
        results
    }

    fn find_results_at_depth(
        &mut self,
        data: Item<'a>,
        base: usize,
    ) -> Result<Results<'a>, JsonPathError> {
        let nodes = self.nodes.get(base..).unwrap_or_default();
        let cur = [data];
        let mut full = Vec::new();
        let mut i = 0;
        while let Some(node) = nodes.get(i) {
            let results = self.walk(&cur, node).map_err(|failure| failure.error)?;

            // An `{end}` was evaluated: this call was a loop body, and it ends here.
            if self.end_range > 0 && self.end_range <= self.in_range {
                self.end_range -= 1;
                self.last_end_node = Some(base + i);
                break;
            }
            // A `{range}` was evaluated: run the rest of the template once per result.
            if self.begin_range > 0 {
                self.begin_range -= 1;
                self.in_range += 1;
                if results.is_empty() {
                    // Still walk the body once, so that its `{end}` is found (and its errors
                    // reported, as upstream does).
                    self.find_results(Item::Invalid, base + i + 1)?;
                } else {
                    for value in results {
                        full.extend(self.find_results(value.as_root(), base + i + 1)?);
                    }
                }
                self.in_range -= 1;
                // Resume after the body's `{end}`; without one, the body runs again here.
                if let Some(k) =
                    (i + 1..nodes.len()).find(|&k| Some(base + k) == self.last_end_node)
                {
                    i = k;
                }
                i += 1;
                continue;
            }
            full.push(results);
            i += 1;
        }
        Ok(full)
    }

    fn walk(&mut self, input: &[Item<'a>], node: &'a Node) -> Eval<'a> {
        match node {
            Node::List(nodes) => self.eval_list(input, nodes),
            Node::Text(text) => Ok(vec![Item::Text(text)]),
            Node::Field(name) => self.eval_field(input, name),
            Node::Array(params) => eval_array(input, params),
            Node::Filter(filter) => self.eval_filter(input, filter),
            Node::Int(i) => Ok(vec![Item::Int(*i); input.len()]),
            Node::Float(f) => Ok(vec![Item::Float(*f); input.len()]),
            Node::Bool(b) => Ok(vec![Item::Bool(*b); input.len()]),
            Node::Wildcard => Ok(eval_wildcard(input)),
            Node::Recursive => Ok(eval_recursive(input)),
            Node::Union(alternatives) => self.eval_union(input, alternatives),
            Node::Identifier(name) => self.eval_identifier(input, name),
        }
    }

    fn eval_list(&mut self, input: &[Item<'a>], nodes: &'a [Node]) -> Eval<'a> {
        let Some((first, rest)) = nodes.split_first() else {
            return Ok(input.to_vec());
        };
        let mut cur = self.walk(input, first)?;
        for node in rest {
            cur = self.walk(&cur, node)?;
        }
        Ok(cur)
    }

    fn eval_identifier(&mut self, input: &[Item<'a>], name: &str) -> Eval<'a> {
        match name {
            "range" => {
                self.begin_range += 1;
                Ok(input.to_vec())
            }
            "end" if self.in_range > 0 => {
                self.end_range += 1;
                Ok(Vec::new())
            }
            "end" => Err(Failure::new(JsonPathError::NotInRange, Vec::new())),
            _ => Err(Failure::new(
                JsonPathError::UnrecognizedIdentifier(name.to_owned()),
                input.to_vec(),
            )),
        }
    }

    fn eval_field(&mut self, input: &[Item<'a>], name: &str) -> Eval<'a> {
        if input.is_empty() {
            return Ok(Vec::new());
        }
        let results: Vec<_> = input
            .iter()
            .filter_map(|item| match item {
                Item::Json(Value::Object(map)) => map.get(name).map(Item::Json),
                _ => None,
            })
            .collect();
        if results.is_empty() && !self.allow_missing_keys {
            return Err(Failure::new(
                JsonPathError::NotFound(name.to_owned()),
                Vec::new(),
            ));
        }
        Ok(results)
    }

    fn eval_union(&mut self, input: &[Item<'a>], alternatives: &'a [Vec<Node>]) -> Eval<'a> {
        let mut results = Vec::new();
        for alternative in alternatives {
            match self.eval_list(input, alternative) {
                Ok(values) => results.extend(values),
                Err(failure) => return Err(Failure::new(failure.error, input.to_vec())),
            }
        }
        Ok(results)
    }

    fn eval_filter(&mut self, input: &[Item<'a>], filter: &'a Filter) -> Eval<'a> {
        let mut results = Vec::new();
        for item in input {
            let Item::Json(Value::Array(elements)) = item else {
                return Err(Failure::new(
                    JsonPathError::NotFilterable(super::print::go_sprint(*item)),
                    input.to_vec(),
                ));
            };
            for element in elements {
                let element = Item::Json(element);
                let lefts = self.eval_list(&[element], &filter.left);
                if filter.operator == EXISTS_OPERATOR {
                    let found = match &lefts {
                        Ok(values) => !values.is_empty(),
                        Err(failure) => !failure.values.is_empty(),
                    };
                    if found {
                        results.push(element);
                    }
                    continue;
                }
                let fail = |error| Err(Failure::new(error, input.to_vec()));
                let left = match lefts {
                    Err(failure) => return fail(failure.error),
                    Ok(values) => match values.as_slice() {
                        [] => continue,
                        [one] => *one,
                        _ => return fail(JsonPathError::MultipleComparands),
                    },
                };
                let right = match self.eval_list(&[element], &filter.right) {
                    Err(failure) => return fail(failure.error),
                    Ok(values) => match values.as_slice() {
                        [] => continue,
                        [one] => *one,
                        _ => return fail(JsonPathError::MultipleComparands),
                    },
                };
                let Some(outcome) = compare(&filter.operator, left, right) else {
                    return Err(Failure::new(
                        JsonPathError::UnrecognizedFilterOperator(filter.operator.clone()),
                        results,
                    ));
                };
                match outcome {
                    Ok(true) => results.push(element),
                    Ok(false) => {}
                    Err(error) => return Err(Failure::new(error, results)),
                }
            }
        }
        Ok(results)
    }
}

fn eval_array<'a>(input: &[Item<'a>], params: &[SliceParam; 3]) -> Eval<'a> {
    let fail = |error| Err(Failure::new(error, input.to_vec()));
    let mut results = Vec::new();
    for item in input {
        let elements = match item {
            // A nil value is skipped. Upstream panics on its zero reflect.Value (the root of
            // an empty range's dry run); skipping it is the harmless reading.
            Item::Json(Value::Null) | Item::Invalid => continue,
            Item::Json(Value::Array(elements)) => elements,
            other => return fail(JsonPathError::NotArray(other.go_type_name().to_owned())),
        };
        let length = elements.len();
        let len = i64::try_from(length).unwrap_or(i64::MAX);
        let mut p = *params;
        if !p[0].known {
            p[0].value = 0;
        }
        if p[0].value < 0 {
            p[0].value += len;
        }
        if !p[1].known {
            p[1].value = len;
        }
        if p[1].value < 0 || (p[1].value == 0 && p[1].derived) {
            p[1].value += len;
        }
        let (start, end) = (p[0].value, p[1].value);
        if start == end {
            // Upstream returns here, dropping any later inputs too.
            return Ok(results);
        }
        if start >= len || start < 0 {
            return fail(JsonPathError::IndexOutOfBounds {
                index: start,
                length,
            });
        }
        if end > len || end < 0 {
            return fail(JsonPathError::IndexOutOfBounds {
                index: end.wrapping_sub(1),
                length,
            });
        }
        if start > end {
            return fail(JsonPathError::StartAfterEnd { start, end });
        }
        let step = if p[2].known {
            if p[2].value <= 0 {
                return fail(JsonPathError::NonPositiveStep);
            }
            usize::try_from(p[2].value).unwrap_or(usize::MAX)
        } else {
            1
        };
        // Both bounds were checked against the length above.
        let start = usize::try_from(start).unwrap_or(length);
        let end = usize::try_from(end).unwrap_or(length);
        let selected = elements.get(start..end).unwrap_or_default();
        results.extend(selected.iter().step_by(step).map(Item::Json));
    }
    Ok(results)
}

fn eval_wildcard<'a>(input: &[Item<'a>]) -> Vec<Item<'a>> {
    let mut results = Vec::new();
    for item in input {
        item.push_children(&mut results);
    }
    results
}

/// `..`: every value that has children (maps, lists, non-empty strings), in pre-order.
fn eval_recursive<'a>(input: &[Item<'a>]) -> Vec<Item<'a>> {
    let mut results = Vec::new();
    let mut children = Vec::new();
    // Children go on the stack reversed, so the first child is visited next: pre-order.
    let mut stack: Vec<Item<'a>> = input.iter().rev().copied().collect();
    while let Some(item) = stack.pop() {
        item.push_children(&mut children);
        if !children.is_empty() {
            results.push(item);
            stack.extend(children.drain(..).rev());
        }
    }
    results
}
