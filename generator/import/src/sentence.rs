//! Constraint sentences of reference pages, in English and Russian: each recognised sentence
//! form becomes [`Fact`]s. A sentence that reads like a constraint but matches no form is
//! reported by [`looks_like_constraint`], so the importer can warn instead of dropping it.

use regex::Regex;
use std::sync::LazyLock;

/// A unit that a quantity or a field is stated in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Bytes.
    Byte,
    /// 1024 bytes ("KB" is read as KiB, as memory sizes are on these pages).
    KiB,
    /// 1024² bytes ("MB" is read as MiB: "multiple of 128MB" is 134217728 on the Yandex page).
    MiB,
    /// 1024³ bytes.
    GiB,
    /// Seconds.
    Second,
}

impl Unit {
    fn parse(s: &str) -> Option<Unit> {
        Some(match s.to_lowercase().as_str() {
            "b" | "byte" | "bytes" | "байт" | "байта" | "байтов" => Unit::Byte,
            "kb" | "kib" | "кб" => Unit::KiB,
            "mb" | "mib" | "мб" => Unit::MiB,
            "gb" | "gib" | "гб" => Unit::GiB,
            "second" | "seconds" | "s" | "секунд" | "секунды" | "секунда" => {
                Unit::Second
            }
            _ => return None,
        })
    }

    /// How many of `base` one of `self` is, when both measure the same thing.
    pub fn in_units_of(self, base: Unit) -> Option<i128> {
        let bytes = |u: Unit| match u {
            Unit::Byte => Some(1i128),
            Unit::KiB => Some(1 << 10),
            Unit::MiB => Some(1 << 20),
            Unit::GiB => Some(1 << 30),
            Unit::Second => None,
        };
        match (self, base) {
            (Unit::Second, Unit::Second) => Some(1),
            (a, b) => {
                let (a, b) = (bytes(a)?, bytes(b)?);
                (a % b == 0).then_some(a / b)
            }
        }
    }
}

/// A number with the unit the sentence gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Qty {
    /// The number as written.
    pub n: i128,
    /// The unit written after it, if any.
    pub unit: Option<Unit>,
}

/// An upper bound that may be a fraction of another field (`3/4 of resources.memory`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bound {
    /// A fixed quantity.
    Qty(Qty),
    /// `numerator/denominator` of the field at the dotted path.
    Fraction {
        /// Dotted path of the other field, as written.
        path: String,
        /// Numerator.
        num: i64,
        /// Denominator.
        den: i64,
    },
}

/// What a sentence states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fact {
    /// "Required."
    Required,
    /// String length in characters; `each` applies it to the values of an array or map.
    Length {
        /// Inclusive minimum.
        min: Option<u64>,
        /// Inclusive maximum.
        max: Option<u64>,
        /// For each value rather than the field itself.
        each: bool,
    },
    /// Inclusive integer range.
    Range {
        /// Minimum.
        min: Option<Qty>,
        /// Maximum.
        max: Option<Qty>,
    },
    /// The value (or `each` value) must match the documented regular expression as a whole.
    Pattern {
        /// The expression as written on the page.
        re: String,
        /// For each value rather than the field itself.
        each: bool,
    },
    /// Each map key must match the documented regular expression.
    KeyPattern(String),
    /// Number of array elements.
    Items {
        /// Minimum.
        min: Option<u64>,
        /// Maximum.
        max: Option<u64>,
    },
    /// Number of entries of a map ("No more than 64 per resource.").
    Entries {
        /// Minimum.
        min: Option<u64>,
        /// Maximum.
        max: Option<u64>,
    },
    /// String length in characters of each map key.
    KeyLength {
        /// Inclusive minimum.
        min: Option<u64>,
        /// Inclusive maximum.
        max: Option<u64>,
    },
    /// The numbers the value may take ("Value must be one of 0, 1 or 2.").
    Values(Vec<i128>),
    /// The strings the value may take ("Valid values are `ipa` and `x-sampa`.").
    Words(Vec<String>),
    /// A default written as a word: "Default value is `false`.", "The default value is
    /// `x86_64`." (a boolean or a string, by the field's type).
    DefaultWord(String),
    /// "multiple of 128MB".
    MultipleOf(Qty),
    /// "The default value is 128 MB."
    Default(Qty),
    /// "from 0 to 9 digits for fractions of a second".
    FractionDigits(u32),
    /// A date-time range, which no keyword expresses (kept to be reported).
    DateRange(String, String),
    /// "If you specify only the function name, it is limited to 64 characters in length."
    NameOnlyMax(u32),
    /// "Available for versions with resources.memory greater or equal to 1024 MiB."
    Needs {
        /// Dotted path of the other field.
        path: String,
        /// Its inclusive minimum.
        min: Qty,
    },
    /// "0 or in range from 512 MiB to 3/4 of resources.memory."
    ZeroOrRange {
        /// Inclusive minimum of a non-zero value.
        min: Qty,
        /// Inclusive maximum of a non-zero value.
        max: Bound,
    },
}

/// A whole number, possibly with thousands separators (`10,000`).
const NUM: &str = r"(-?\d{1,3}(?:,\d{3})+|-?\d+)";
const UNIT: &str = r"(?:\s?(bytes?|KiB|MiB|GiB|KB|MB|GB|seconds?|байт\w*|КБ|МБ|ГБ|секунд\w*))?";

struct Form {
    re: Regex,
    make: fn(&regex::Captures) -> Vec<Fact>,
}

fn n(c: &regex::Captures, i: usize) -> i128 {
    c.get(i)
        .and_then(|m| m.as_str().replace(',', "").parse().ok())
        .unwrap_or(0)
}

fn u(c: &regex::Captures, i: usize) -> u64 {
    c.get(i)
        .and_then(|m| m.as_str().replace(',', "").parse().ok())
        .unwrap_or(0)
}

fn qty(c: &regex::Captures, i: usize) -> Qty {
    Qty {
        n: n(c, i),
        unit: c.get(i + 1).and_then(|m| Unit::parse(m.as_str())),
    }
}

fn s(c: &regex::Captures, i: usize) -> String {
    c.get(i).map_or("", |m| m.as_str()).to_owned()
}

fn len(min: Option<u64>, max: Option<u64>, each: bool) -> Vec<Fact> {
    vec![Fact::Length { min, max, each }]
}

fn key_len(min: Option<u64>, max: Option<u64>) -> Vec<Fact> {
    vec![Fact::KeyLength { min, max }]
}

/// The numbers of a list written `0, 1 or 2`.
fn numbers(list: &str) -> Vec<i128> {
    list.split(|c: char| c == ',' || c.is_whitespace())
        .filter_map(|w| w.parse().ok())
        .collect()
}

fn form(re: &str, make: fn(&regex::Captures) -> Vec<Fact>) -> Form {
    let re = re.replace("{N}", NUM).replace("{U}", UNIT);
    Form {
        re: Regex::new(&format!("(?i){re}")).unwrap_or_else(|e| panic!("form {re}: {e}")),
        make,
    }
}

/// Every recognised sentence form. The order matters where one form is a prefix of another
/// ("for each value" forms come before the plain ones).
static FORMS: LazyLock<Vec<Form>> = LazyLock::new(|| {
    vec![
        // English (Yandex Cloud).
        // "Required field. key of the entry." is one sentence (a lower-case word follows).
        form(r"^Required(?: field)?(?:\.?$|\.\s)", |_| {
            vec![Fact::Required]
        }),
        form(
            r"string length in characters for each value must be {N}-{N}\b",
            |c| len(Some(u(c, 1)), Some(u(c, 2)), true),
        ),
        form(
            r"string length in characters for each value must be greater than {N}",
            |c| len(Some(u(c, 1) + 1), None, true),
        ),
        form(
            r"maximum string length in characters for each value is {N}",
            |c| len(None, Some(u(c, 1)), true),
        ),
        form(r"string length in characters must be {N}-{N}\b", |c| {
            len(Some(u(c, 1)), Some(u(c, 2)), false)
        }),
        form(
            r"string length in characters must be greater than {N}",
            |c| len(Some(u(c, 1) + 1), None, false),
        ),
        form(r"maximum string length in characters is {N}", |c| {
            len(None, Some(u(c, 1)), false)
        }),
        form(r"minimum string length in characters is {N}", |c| {
            len(Some(u(c, 1)), None, false)
        }),
        form(r"^{N}-{N} characters long\.?$", |c| {
            len(Some(u(c, 1)), Some(u(c, 2)), false)
        }),
        form(r"Acceptable values are {N}{U} to {N}{U}, inclusive", |c| {
            vec![Fact::Range {
                min: Some(qty(c, 1)),
                max: Some(qty(c, 3)),
            }]
        }),
        form(r"^Value must be greater than {N}{U}\.?$", |c| {
            let q = qty(c, 1);
            vec![Fact::Range {
                min: Some(Qty { n: q.n + 1, ..q }),
                max: None,
            }]
        }),
        form(
            r"^Each value must match the regular expression `([^`]*)`",
            |c| {
                vec![Fact::Pattern {
                    re: s(c, 1),
                    each: true,
                }]
            },
        ),
        form(
            r"^Each key must match the regular expression `([^`]*)`",
            |c| vec![Fact::KeyPattern(s(c, 1))],
        ),
        form(r"^Value must match the regular expression `([^`]*)`", |c| {
            vec![Fact::Pattern {
                re: s(c, 1),
                each: false,
            }]
        }),
        form(
            r"number of elements must be (?:in the range )?{N}-{N}\b",
            |c| {
                vec![Fact::Items {
                    min: Some(u(c, 1)),
                    max: Some(u(c, 2)),
                }]
            },
        ),
        form(r"number of elements must be greater than {N}", |c| {
            vec![Fact::Items {
                min: Some(u(c, 1) + 1),
                max: None,
            }]
        }),
        form(r"maximum number of elements is {N}", |c| {
            vec![Fact::Items {
                min: None,
                max: Some(u(c, 1)),
            }]
        }),
        form(r"\bmultiple of {N}{U}", |c| {
            vec![Fact::MultipleOf(qty(c, 1))]
        }),
        form(r"^The default(?: value)? is {N}{U}\.?$", |c| {
            vec![Fact::Default(qty(c, 1))]
        }),
        form(r"from 0 to {N} digits for fractions of a second", |c| {
            vec![Fact::FractionDigits(u(c, 1) as u32)]
        }),
        form(
            r"range of possible values is from `([^`]+)` to `([^`]+)`",
            |c| vec![Fact::DateRange(s(c, 1), s(c, 2))],
        ),
        form(
            r"If you specify only the function name, it(?: is|'s|’s) limited to {N} characters in length",
            |c| vec![Fact::NameOnlyMax(u(c, 1) as u32)],
        ),
        form(
            r"^Available for \w+ with ([A-Za-z_][\w.]*) greater or equal to {N}{U}\.?$",
            |c| {
                vec![Fact::Needs {
                    path: s(c, 1),
                    min: qty(c, 2),
                }]
            },
        ),
        form(
            r"^0 or in range from {N}{U} to (?:(\d+)/(\d+) of ([A-Za-z_][\w.]*[\w])|{N}{U})\.?$",
            |c| {
                let max = match c.get(3) {
                    Some(_) => Bound::Fraction {
                        path: s(c, 5),
                        num: n(c, 3) as i64,
                        den: n(c, 4) as i64,
                    },
                    None => Bound::Qty(qty(c, 6)),
                };
                vec![Fact::ZeroOrRange {
                    min: qty(c, 1),
                    max,
                }]
            },
        ),
        form(
            r"string length in characters for each key must be {N}-{N}\b",
            |c| key_len(Some(u(c, 1)), Some(u(c, 2))),
        ),
        form(
            r"string length in characters for each key must be greater than {N}",
            |c| key_len(Some(u(c, 1) + 1), None),
        ),
        form(
            r"maximum string length in characters for each key is {N}",
            |c| key_len(None, Some(u(c, 1))),
        ),
        form(r"^No more than {N} (?:\w+ )?per resource\.?$", |c| {
            vec![Fact::Entries {
                min: None,
                max: Some(u(c, 1)),
            }]
        }),
        form(r"^The maximum value is {N}{U}\.?$", |c| {
            vec![Fact::Range {
                min: None,
                max: Some(qty(c, 1)),
            }]
        }),
        form(r"^The minimum value is {N}{U}\.?$", |c| {
            vec![Fact::Range {
                min: Some(qty(c, 1)),
                max: None,
            }]
        }),
        form(r"^Value must be one of ({N}(?:(?:,| or) {N})*)\.?$", |c| {
            vec![Fact::Values(numbers(&s(c, 1)))]
        }),
        form(r"^Must contain exactly {N} elements?\.?$", |c| {
            vec![Fact::Items {
                min: Some(u(c, 1)),
                max: Some(u(c, 1)),
            }]
        }),
        form(r"^Must contain at least (?:one|{N}) elements?\.?$", |c| {
            vec![Fact::Items {
                min: Some(c.get(1).map_or(1, |_| u(c, 1))),
                max: None,
            }]
        }),
        form(r"^Default value: {N}{U}\.?$", |c| {
            vec![Fact::Default(qty(c, 1))]
        }),
        // English (AWS prose beside the labelled lines).
        form(r"^The maximum allowed value is {N}{U}\.?$", |c| {
            vec![Fact::Range {
                min: None,
                max: Some(qty(c, 1)),
            }]
        }),
        form(r"^The range is {N}{U}\s?[–-]\s?{N}{U}\.?$", |c| {
            vec![Fact::Range {
                min: Some(qty(c, 1)),
                max: Some(qty(c, 3)),
            }]
        }),
        form(r"^The range is between {N}{U} and {N}{U}\.?$", |c| {
            vec![Fact::Range {
                min: Some(qty(c, 1)),
                max: Some(qty(c, 3)),
            }]
        }),
        form(
            r"^The default value is {N}{U}, but can be any whole number between {N}{U} and {N}{U}\.?$",
            |c| {
                // The unit written last is the unit of all three numbers.
                let unit = c.get(6).and_then(|m| Unit::parse(m.as_str()));
                let q = |i| Qty {
                    n: n(c, i),
                    unit: c.get(i + 1).and_then(|m| Unit::parse(m.as_str())).or(unit),
                };
                vec![
                    Fact::Default(q(1)),
                    Fact::Range {
                        min: Some(q(3)),
                        max: Some(q(5)),
                    },
                ]
            },
        ),
        form(
            r"^The default(?: value)? is {N}{U}, (?:which|indicating|meaning)\b",
            |c| vec![Fact::Default(qty(c, 1))],
        ),
        form(
            r"^The maximum value for this parameter is {N}{U}(?:\s*\([^)]*\))?\.?$",
            |c| {
                vec![Fact::Range {
                    min: None,
                    max: Some(qty(c, 1)),
                }]
            },
        ),
        form(
            r"^The minimum value for this parameter is {N}{U}(?:\s*\([^)]*\))?\.?$",
            |c| {
                vec![Fact::Range {
                    min: Some(qty(c, 1)),
                    max: None,
                }]
            },
        ),
        form(
            r"^If this parameter is not specified, the (?:limit|default(?: value)?) is {N}{U}\.?$",
            |c| vec![Fact::Default(qty(c, 1))],
        ),
        form(
            r"^The maximum size of this (?:array|list) is {N}\.?$",
            |c| {
                vec![Fact::Items {
                    min: None,
                    max: Some(u(c, 1)),
                }]
            },
        ),
        form(r"^Valid values are {N}{U}\s?[–-]\s?{N}{U}\.?$", |c| {
            vec![Fact::Range {
                min: Some(qty(c, 1)),
                max: Some(qty(c, 3)),
            }]
        }),
        form(r"^The default(?: value)? is (true|false)\.?$", |c| {
            vec![Fact::DefaultWord(s(c, 1))]
        }),
        form(
            r"^If you don't specify a value, the default is {N}{U}\.?$",
            |c| vec![Fact::Default(qty(c, 1))],
        ),
        form(
            r"^(?:The )?[Dd]efault(?: value)?(?: is|:)\s*`([^`\s]+)`\.?$",
            |c| vec![Fact::DefaultWord(s(c, 1))],
        ),
        form(
            r"^The maximum number of (?:objects?|items?|entries|values) is {N}\.?$",
            |c| {
                vec![Fact::Items {
                    min: None,
                    max: Some(u(c, 1)),
                }]
            },
        ),
        form(r"^The maximum is {N}{U}\.?$", |c| {
            vec![Fact::Range {
                min: None,
                max: Some(qty(c, 1)),
            }]
        }),
        form(
            r"^There can be a maximum of {N} (?:items|elements|entries|values) in the list\.?$",
            |c| {
                vec![Fact::Items {
                    min: None,
                    max: Some(u(c, 1)),
                }]
            },
        ),
        form(r"^Maximum {N} per (?:key|resource|object)\.?$", |c| {
            vec![Fact::Entries {
                min: None,
                max: Some(u(c, 1)),
            }]
        }),
        form(
            r"must be a minimum of {N} and a maximum of {N} characters long\.?$",
            |c| len(Some(u(c, 1)), Some(u(c, 2)), false),
        ),
        form(r"^Maximum of {N} (?:\w+ )?per resource\.?$", |c| {
            vec![Fact::Entries {
                min: None,
                max: Some(u(c, 1)),
            }]
        }),
        form(
            r"^Valid values are ((?:`[^`]+`(?:,? (?:and|or) |, ))*`[^`]+`)\.?$",
            |c| {
                vec![Fact::Words(
                    super::text::code_spans(&s(c, 1))
                        .into_iter()
                        .map(str::to_owned)
                        .collect(),
                )]
            },
        ),
        // Russian (Yandex Cloud).
        form(r"^Обязательное поле\.?$", |_| {
            vec![Fact::Required]
        }),
        form(
            r"Длина строки в символах для каждого значения должна быть от {N} до {N}\b",
            |c| len(Some(u(c, 1)), Some(u(c, 2)), true),
        ),
        form(
            r"Длина строки в символах для каждого значения должна быть больше {N}",
            |c| len(Some(u(c, 1) + 1), None, true),
        ),
        form(
            r"Максимальная длина строки в символах для каждого значения\s*[—–-]\s*{N}",
            |c| len(None, Some(u(c, 1)), true),
        ),
        form(
            r"Длина строки в символах должна быть от {N} до {N}\b",
            |c| len(Some(u(c, 1)), Some(u(c, 2)), false),
        ),
        form(
            r"Длина строки в символах должна быть больше {N}",
            |c| len(Some(u(c, 1) + 1), None, false),
        ),
        form(
            r"Максимальная длина строки в символах\s*[—–-]\s*{N}",
            |c| len(None, Some(u(c, 1)), false),
        ),
        form(
            r"Минимальная длина строки в символах\s*[—–-]\s*{N}",
            |c| len(Some(u(c, 1)), None, false),
        ),
        form(
            r"Допустимые значения\s*[—–-]\s*от {N}{U} до {N}{U} включительно",
            |c| {
                vec![Fact::Range {
                    min: Some(qty(c, 1)),
                    max: Some(qty(c, 3)),
                }]
            },
        ),
        form(
            r"^Значение должно быть больше {N}{U}\.?$",
            |c| {
                let q = qty(c, 1);
                vec![Fact::Range {
                    min: Some(Qty { n: q.n + 1, ..q }),
                    max: None,
                }]
            },
        ),
        form(
            r"^Каждое значение должно соответствовать регулярному выражению `([^`]*)`",
            |c| {
                vec![Fact::Pattern {
                    re: s(c, 1),
                    each: true,
                }]
            },
        ),
        form(
            r"^Каждый ключ должен соответствовать регулярному выражению `([^`]*)`",
            |c| vec![Fact::KeyPattern(s(c, 1))],
        ),
        form(
            r"^Значение должно соответствовать регулярному выражению `([^`]*)`",
            |c| {
                vec![Fact::Pattern {
                    re: s(c, 1),
                    each: false,
                }]
            },
        ),
        form(
            r"Количество элементов должно быть от {N} до {N}\b",
            |c| {
                vec![Fact::Items {
                    min: Some(u(c, 1)),
                    max: Some(u(c, 2)),
                }]
            },
        ),
        form(
            r"Количество элементов должно быть больше {N}",
            |c| {
                vec![Fact::Items {
                    min: Some(u(c, 1) + 1),
                    max: None,
                }]
            },
        ),
        form(
            r"Максимальное количество элементов\s*[—–-]\s*{N}",
            |c| {
                vec![Fact::Items {
                    min: None,
                    max: Some(u(c, 1)),
                }]
            },
        ),
        form(r"\bкратн\w* {N}{U}", |c| {
            vec![Fact::MultipleOf(qty(c, 1))]
        }),
        form(
            r"^Значение по умолчанию:\s*{N}{U}\.?$",
            |c| vec![Fact::Default(qty(c, 1))],
        ),
        form(
            r"Длина строки в символах для каждого ключа должна быть от {N} до {N}\b",
            |c| key_len(Some(u(c, 1)), Some(u(c, 2))),
        ),
        form(
            r"Длина строки в символах для каждого ключа должна быть больше {N}",
            |c| key_len(Some(u(c, 1) + 1), None),
        ),
        form(
            r"Максимальная длина строки в символах для каждого ключа\s*[—–-]\s*{N}",
            |c| key_len(None, Some(u(c, 1))),
        ),
        // "Длина описания должна быть от 0 до 256 символов.": the length of the field itself,
        // named by what it holds.
        form(
            r"^Длина \w+ должна быть от {N} до {N} символов\.?$",
            |c| len(Some(u(c, 1)), Some(u(c, 2)), false),
        ),
        form(
            r"^Максимум {N} (?:\w+ )?на ресурс\.?$",
            |c| {
                vec![Fact::Entries {
                    min: None,
                    max: Some(u(c, 1)),
                }]
            },
        ),
        form(
            r"^Максимальная длина\s*[—–-]\s*{N} символ\w*\.?$",
            |c| len(None, Some(u(c, 1)), false),
        ),
        form(
            r"^Минимальная длина\s*[—–-]\s*{N} символ\w*\.?$",
            |c| len(Some(u(c, 1)), None, false),
        ),
        form(r"^Длина {N}-{N} символ\w*\.?$", |c| {
            len(Some(u(c, 1)), Some(u(c, 2)), false)
        }),
        form(
            r"^Не более {N} (?:\w+ )?на ресурс\.?$",
            |c| {
                vec![Fact::Entries {
                    min: None,
                    max: Some(u(c, 1)),
                }]
            },
        ),
        form(
            r"^Максимальное значение\s*[—–-]\s*{N}{U}\.?$",
            |c| {
                vec![Fact::Range {
                    min: None,
                    max: Some(qty(c, 1)),
                }]
            },
        ),
        form(
            r"^Минимальное значение\s*[—–-]\s*{N}{U}\.?$",
            |c| {
                vec![Fact::Range {
                    min: Some(qty(c, 1)),
                    max: None,
                }]
            },
        ),
        form(
            r"^Должен содержать хотя бы один элемент\.?$",
            |_| {
                vec![Fact::Items {
                    min: Some(1),
                    max: None,
                }]
            },
        ),
    ]
});

/// Statements of the unit a field is given in. They are context, not constraints.
static UNITS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:\bin (bytes|MB|MiB|GB|GiB|KB|KiB|seconds)\b|в (байтах|мегабайтах|секундах))",
    )
    .unwrap_or_else(|e| panic!("{e}"))
});

/// The facts one sentence states; empty when it matches no form.
pub fn facts(sentence: &str) -> Vec<Fact> {
    let s = sentence.trim();
    let mut out = Vec::new();
    for f in FORMS.iter() {
        if let Some(c) = f.re.captures(s) {
            out.extend((f.make)(&c));
        }
    }
    out
}

/// The unit a description says its field is given in ("specified in bytes", ", in MB,").
pub fn unit(sentence: &str) -> Option<Unit> {
    let c = UNITS.captures(sentence)?;
    let w = c.get(1).or_else(|| c.get(2))?.as_str();
    match w {
        "байтах" => Some(Unit::Byte),
        "мегабайтах" => Some(Unit::MiB),
        "секундах" => Some(Unit::Second),
        w => Unit::parse(w),
    }
}

static CUES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:must|maximum|minimum|at least|at most|no more than|exactly|length|range|limited|multiple of|regular expression|acceptable|valid values|inclusive|between|долж(?:ен|н\w*)|максимальн\w*|минимальн\w*|допустим\w*|длин\w*|диапазон\w*|регулярн\w*|не более|не менее|максимум|минимум|хотя бы|ровно|кратн\w*|включительно)\b|\bdefault(?: value)?(?: is\b|:)|\bпо умолчанию\s*[:—–-]",
    )
    .unwrap_or_else(|e| panic!("{e}"))
});

static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|[^\p{L}\d])\d|`|\b(?:one|two|three|four|five|ten|один|одна|одно|одну|два|две|три)\b",
    )
    .unwrap_or_else(|e| panic!("{e}"))
});

/// Whether a sentence that matched no form still reads like a constraint: it has a word such
/// as "must", "length" or "допустимые" and an amount (a number that is not part of a word such
/// as `IPv4`, a number word or a code span).
/// A sentence that states a default is noticed with any value, a number or not.
pub fn looks_like_constraint(sentence: &str) -> bool {
    (CUES.is_match(sentence) && AMOUNT.is_match(sentence)) || DEFAULTS.is_match(sentence)
}

static DEFAULTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:Default value:|The default(?: value)? is\b|Значение по умолчанию\s*[:—–-])",
    )
    .unwrap_or_else(|e| panic!("{e}"))
});

#[cfg(test)]
mod tests {
    use super::*;

    fn q(n: i128) -> Qty {
        Qty { n, unit: None }
    }

    fn one(s: &str) -> Fact {
        let f = facts(s);
        assert_eq!(f.len(), 1, "{s}: {f:?}");
        f.into_iter().next().unwrap_or(Fact::Required)
    }

    fn length(min: Option<u64>, max: Option<u64>, each: bool) -> Fact {
        Fact::Length { min, max, each }
    }

    #[test]
    fn english_lengths() {
        assert_eq!(
            one("The string length in characters must be 0-256."),
            length(Some(0), Some(256), false)
        );
        assert_eq!(
            one("The maximum string length in characters is 50."),
            length(None, Some(50), false)
        );
        assert_eq!(
            one("The minimum string length in characters is 3."),
            length(Some(3), None, false)
        );
        assert_eq!(
            one("The string length in characters must be greater than 0."),
            length(Some(1), None, false)
        );
        assert_eq!(
            one("The string length in characters for each value must be greater than 0."),
            length(Some(1), None, true)
        );
        assert_eq!(
            one("The string length in characters for each value must be 1-63."),
            length(Some(1), Some(63), true)
        );
        assert_eq!(
            one("The maximum string length in characters for each value is 4096."),
            length(None, Some(4096), true)
        );
        assert_eq!(
            one("0-256 characters long."),
            length(Some(0), Some(256), false)
        );
    }

    #[test]
    fn russian_lengths() {
        assert_eq!(
            one("Длина строки в символах должна быть от 0 до 256."),
            length(Some(0), Some(256), false)
        );
        assert_eq!(
            one("Максимальная длина строки в символах — 100."),
            length(None, Some(100), false)
        );
        assert_eq!(
            one("Минимальная длина строки в символах — 3."),
            length(Some(3), None, false)
        );
        assert_eq!(
            one("Длина строки в символах должна быть больше 0."),
            length(Some(1), None, false)
        );
        assert_eq!(
            one("Максимальная длина строки в символах для каждого значения — 4096."),
            length(None, Some(4096), true)
        );
        assert_eq!(
            one("Длина строки в символах для каждого значения должна быть от 1 до 50."),
            length(Some(1), Some(50), true)
        );
        assert_eq!(
            one("Длина строки в символах для каждого значения должна быть больше 0."),
            length(Some(1), None, true)
        );
    }

    #[test]
    fn ranges_in_both_languages() {
        let r = |a, b| Fact::Range {
            min: Some(q(a)),
            max: Some(q(b)),
        };
        assert_eq!(one("Acceptable values are 0 to 16, inclusive."), r(0, 16));
        assert_eq!(
            one("Acceptable values are 134217728 to 4294967296, inclusive."),
            r(134217728, 4294967296)
        );
        assert_eq!(
            one("Допустимые значения — от 0 до 1000 включительно."),
            r(0, 1000)
        );
        let gt = Fact::Range {
            min: Some(q(1)),
            max: None,
        };
        assert_eq!(one("Value must be greater than 0."), gt);
        assert_eq!(one("Значение должно быть больше 0."), gt);
        // "Acceptable" without "inclusive" is not a form: the bounds' kind is not stated.
        assert!(facts("Acceptable values are 0 to 16.").is_empty());
    }

    #[test]
    fn patterns_in_both_languages() {
        let p = |re: &str, each| Fact::Pattern {
            re: re.into(),
            each,
        };
        assert_eq!(
            one("Value must match the regular expression `[a-z]*`."),
            p("[a-z]*", false)
        );
        assert_eq!(
            one("Each value must match the regular expression `[a-z][-_0-9a-z]*`."),
            p("[a-z][-_0-9a-z]*", true)
        );
        assert_eq!(
            one("Each key must match the regular expression `[a-zA-Z][a-zA-Z0-9_]*`."),
            Fact::KeyPattern("[a-zA-Z][a-zA-Z0-9_]*".into())
        );
        assert_eq!(
            one("Значение должно соответствовать регулярному выражению `[a-z]*`."),
            p("[a-z]*", false)
        );
        assert_eq!(
            one("Каждое значение должно соответствовать регулярному выражению `\\d+`."),
            p("\\d+", true)
        );
        assert_eq!(
            one("Каждый ключ должен соответствовать регулярному выражению `[a-z]+`."),
            Fact::KeyPattern("[a-z]+".into())
        );
    }

    #[test]
    fn element_counts() {
        let it = |min, max| Fact::Items { min, max };
        assert_eq!(
            one("The number of elements must be in the range 1-10."),
            it(Some(1), Some(10))
        );
        assert_eq!(
            one("The number of elements must be greater than 0."),
            it(Some(1), None)
        );
        assert_eq!(
            one("The maximum number of elements is 5."),
            it(None, Some(5))
        );
        assert_eq!(
            one("Количество элементов должно быть от 1 до 10."),
            it(Some(1), Some(10))
        );
        assert_eq!(
            one("Максимальное количество элементов — 5."),
            it(None, Some(5))
        );
    }

    #[test]
    fn multiples_defaults_and_units() {
        let mib = |n| Qty {
            n,
            unit: Some(Unit::MiB),
        };
        let f = facts(
            "Amount of memory available to the version, specified in bytes, multiple of 128MB.",
        );
        assert_eq!(f, vec![Fact::MultipleOf(mib(128))]);
        assert_eq!(
            unit(
                "Amount of memory available to the version, specified in bytes, multiple of 128MB."
            ),
            Some(Unit::Byte)
        );
        assert_eq!(
            one("The value must be a multiple of 64 MB."),
            Fact::MultipleOf(mib(64))
        );
        assert_eq!(
            one("Объём памяти, кратный 128 МБ."),
            Fact::MultipleOf(mib(128))
        );
        assert_eq!(one("The default value is 128 MB."), Fact::Default(mib(128)));
        assert_eq!(
            one("The default is 3 seconds."),
            Fact::Default(Qty {
                n: 3,
                unit: Some(Unit::Second)
            })
        );
        assert_eq!(one("Значение по умолчанию: 100."), Fact::Default(q(100)));
        assert_eq!(
            unit("The amount of memory, in MB, your Lambda function is given."),
            Some(Unit::MiB)
        );
        assert_eq!(unit("Объем памяти в байтах."), Some(Unit::Byte));
        assert_eq!(Unit::MiB.in_units_of(Unit::Byte), Some(1 << 20));
        assert_eq!(Unit::MiB.in_units_of(Unit::MiB), Some(1));
        assert_eq!(Unit::Byte.in_units_of(Unit::MiB), None);
        assert_eq!(Unit::Second.in_units_of(Unit::Byte), None);
    }

    #[test]
    fn prose_rules() {
        assert_eq!(
            one("Available for versions with resources.memory greater or equal to 1024 MiB."),
            Fact::Needs {
                path: "resources.memory".into(),
                min: Qty {
                    n: 1024,
                    unit: Some(Unit::MiB)
                }
            }
        );
        assert_eq!(
            one("0 or in range from 512 MiB to 3/4 of resources.memory."),
            Fact::ZeroOrRange {
                min: Qty {
                    n: 512,
                    unit: Some(Unit::MiB)
                },
                max: Bound::Fraction {
                    path: "resources.memory".into(),
                    num: 3,
                    den: 4
                }
            }
        );
        assert_eq!(
            one("0 or in range from 1 to 10."),
            Fact::ZeroOrRange {
                min: q(1),
                max: Bound::Qty(q(10))
            }
        );
        assert_eq!(
            one("If you specify only the function name, it is limited to 64 characters in length."),
            Fact::NameOnlyMax(64)
        );
        assert_eq!(
            facts(
                "The range of possible values is from `0001-01-01T00:00:00Z` to `9999-12-31T23:59:59.999999999Z`, i.e. from 0 to 9 digits for fractions of a second."
            ),
            vec![
                Fact::FractionDigits(9),
                Fact::DateRange(
                    "0001-01-01T00:00:00Z".into(),
                    "9999-12-31T23:59:59.999999999Z".into()
                )
            ]
        );
        assert_eq!(one("Required."), Fact::Required);
        assert_eq!(one("Required field."), Fact::Required);
        assert_eq!(one("Required field. key of the entry."), Fact::Required);
        assert_eq!(
            one("The maximum is 500."),
            Fact::Range {
                min: None,
                max: Some(q(500))
            }
        );
        assert_eq!(
            one("There can be a maximum of 500 items in the list."),
            Fact::Items {
                min: None,
                max: Some(500)
            }
        );
        assert_eq!(one("Обязательное поле."), Fact::Required);
    }

    #[test]
    fn map_entries_and_key_lengths() {
        let entries = Fact::Entries {
            min: None,
            max: Some(64),
        };
        assert_eq!(one("No more than 64 per resource."), entries);
        assert_eq!(one("Не более 64 на ресурс."), entries);
        let keys = |min, max| Fact::KeyLength { min, max };
        assert_eq!(
            one("The string length in characters for each key must be 1-63."),
            keys(Some(1), Some(63))
        );
        assert_eq!(
            one("Длина строки в символах для каждого ключа должна быть от 1 до 63."),
            keys(Some(1), Some(63))
        );
        assert_eq!(
            one("The string length in characters for each key must be greater than 0."),
            keys(Some(1), None)
        );
        assert_eq!(
            one("Длина строки в символах для каждого ключа должна быть больше 0."),
            keys(Some(1), None)
        );
        assert_eq!(
            one("The maximum string length in characters for each key is 63."),
            keys(None, Some(63))
        );
        assert_eq!(
            one("Максимальная длина строки в символах для каждого ключа — 63."),
            keys(None, Some(63))
        );
    }

    #[test]
    fn named_lengths_bounds_values_counts_and_defaults() {
        assert_eq!(
            one("Длина описания должна быть от 0 до 256 символов."),
            length(Some(0), Some(256), false)
        );
        let max = Fact::Range {
            min: None,
            max: Some(q(1000)),
        };
        assert_eq!(one("The maximum value is 1000."), max);
        assert_eq!(one("Максимальное значение — 1000."), max);
        let min = Fact::Range {
            min: Some(q(1)),
            max: None,
        };
        assert_eq!(one("The minimum value is 1."), min);
        assert_eq!(one("Минимальное значение — 1."), min);
        assert_eq!(
            one("Value must be one of 0, 1 or 2."),
            Fact::Values(vec![0, 1, 2])
        );
        assert_eq!(one("Value must be one of 5."), Fact::Values(vec![5]));
        assert_eq!(
            one("Value must be one of -1, 10, 20 or 30."),
            Fact::Values(vec![-1, 10, 20, 30])
        );
        let items = |min, max| Fact::Items { min, max };
        assert_eq!(
            one("Must contain exactly 1 element."),
            items(Some(1), Some(1))
        );
        assert_eq!(
            one("Must contain exactly 3 elements."),
            items(Some(3), Some(3))
        );
        assert_eq!(
            one("Must contain at least one element."),
            items(Some(1), None)
        );
        assert_eq!(
            one("Должен содержать хотя бы один элемент."),
            items(Some(1), None)
        );
        assert_eq!(one("Default value: 100."), Fact::Default(q(100)));
        assert_eq!(one("Значение по умолчанию: 100."), Fact::Default(q(100)));
        // Statements about other fields' defaults are neither forms nor constraints.
        assert!(facts("The default value for most fields is null or 0.").is_empty());
        assert!(!looks_like_constraint(
            "The default value for most fields is null or 0."
        ));
        assert!(!looks_like_constraint(
            "Значение по умолчанию для большинства полей — null или 0."
        ));
    }

    #[test]
    fn aws_prose_ranges_and_defaults() {
        let secs = |n| Qty {
            n,
            unit: Some(Unit::Second),
        };
        assert_eq!(
            one("The maximum allowed value is 900 seconds."),
            Fact::Range {
                min: None,
                max: Some(secs(900))
            }
        );
        assert_eq!(
            one("The range is 1–900 seconds."),
            Fact::Range {
                min: Some(q(1)),
                max: Some(secs(900))
            }
        );
        assert_eq!(
            one("The range is between 1 second and 900 seconds."),
            Fact::Range {
                min: Some(secs(1)),
                max: Some(secs(900))
            }
        );
        let mb = |n| Qty {
            n,
            unit: Some(Unit::MiB),
        };
        assert_eq!(
            facts(
                "The default value is 512, but can be any whole number between 512 and 10240 MB."
            ),
            vec![
                Fact::Default(mb(512)),
                Fact::Range {
                    min: Some(mb(512)),
                    max: Some(mb(10240))
                }
            ]
        );
        assert_eq!(
            one("The default value is -1, which sets the maximum age to infinite."),
            Fact::Default(q(-1))
        );
        assert_eq!(
            one("If you specify only the function name, it's limited to 64 characters in length."),
            Fact::NameOnlyMax(64)
        );
    }

    #[test]
    fn other_references_prose() {
        assert_eq!(one("The default is 10,000."), Fact::Default(q(10000)));
        assert_eq!(
            one("The default value is 0, indicating that the stream does not persist data."),
            Fact::Default(q(0))
        );
        assert_eq!(
            one("The maximum value for this parameter is 87600 (ten years)."),
            Fact::Range {
                min: None,
                max: Some(q(87600))
            }
        );
        let entries = Fact::Entries {
            min: None,
            max: Some(64),
        };
        assert_eq!(one("Maximum of 64 per resource."), entries);
        assert_eq!(one("Maximum 64 per key."), entries);
        assert_eq!(
            one("This user name must be a minimum of 3 and a maximum of 100 characters long."),
            length(Some(3), Some(100), false)
        );
        assert_eq!(one("Максимум 64 на ресурс."), entries);
        assert_eq!(one("Максимум 64 метки на ресурс."), entries);
        assert_eq!(one("No more than 64 labels per resource."), entries);
        assert_eq!(
            one("Максимальная длина — 50 символов."),
            length(None, Some(50), false)
        );
        assert_eq!(
            one("Длина 1-63 символов."),
            length(Some(1), Some(63), false)
        );
        assert_eq!(
            one("Valid values are `ipa` and `x-sampa`."),
            Fact::Words(vec!["ipa".into(), "x-sampa".into()])
        );
        assert_eq!(
            one("Valid values are `a`, `b`, or `c`."),
            Fact::Words(vec!["a".into(), "b".into(), "c".into()])
        );
        // A list of numbers is not a number with thousands separators.
        assert_eq!(
            one("Value must be one of 0, 1 or 2."),
            Fact::Values(vec![0, 1, 2])
        );
        assert!(looks_like_constraint("Максимум 64 на ресурс в папке."));
    }

    #[test]
    fn bare_word_defaults() {
        assert_eq!(
            one("The default is false."),
            Fact::DefaultWord("false".into())
        );
        assert_eq!(
            one("If you don't specify a value, the default is 60 seconds."),
            Fact::Default(Qty {
                n: 60,
                unit: Some(Unit::Second)
            })
        );
    }

    #[test]
    fn word_defaults_and_object_counts() {
        assert_eq!(
            one("Default value is `false`."),
            Fact::DefaultWord("false".into())
        );
        assert_eq!(
            one("The default value is `x86_64`."),
            Fact::DefaultWord("x86_64".into())
        );
        assert_eq!(
            one("The maximum number of object is 100."),
            Fact::Items {
                min: None,
                max: Some(100)
            }
        );
        assert_eq!(
            one("The maximum number of elements is 5."),
            Fact::Items {
                min: None,
                max: Some(5)
            }
        );
    }

    #[test]
    fn more_aws_prose() {
        assert_eq!(
            one("If this parameter is not specified, the limit is 100."),
            Fact::Default(q(100))
        );
        assert_eq!(
            one("The maximum size of this array is 100."),
            Fact::Items {
                min: None,
                max: Some(100)
            }
        );
        assert_eq!(
            one("Valid values are 1-1024."),
            Fact::Range {
                min: Some(q(1)),
                max: Some(q(1024))
            }
        );
    }

    #[test]
    fn unrecognised_constraints_are_noticed() {
        // Forms close to a recognised one are noticed, not read.
        for s in [
            "Должен содержать ровно 2 элемента.",
            "Должна содержать хотя бы одну метку.",
            "Must contain exactly two elements.",
            "Default value: DEBUG.",
            "Значение по умолчанию — 10.",
            "No more than 64 per folder.",
        ] {
            assert!(facts(s).is_empty(), "{s}");
            assert!(looks_like_constraint(s), "{s}");
        }
        assert!(looks_like_constraint(
            "You must provide at least one security group and one subnet ID."
        ));
        assert!(looks_like_constraint(
            "Значение длиной от 3 до 63 символов, совпадающее с регулярным выражением `^[a-z]$`."
        ));
        assert!(!looks_like_constraint("These must belong to the same VPC."));
        assert!(!looks_like_constraint(
            "Диапазоны внутренних IPv4-адресов подсети в нотации CIDR."
        ));
        assert!(!looks_like_constraint(
            "Максимальное количество подсетей на одной странице ответа."
        ));
        assert!(!looks_like_constraint(
            "ID of the function to create a version for."
        ));
        assert!(!looks_like_constraint(
            "If the timeout is exceeded, Cloud Functions responds with a 504 HTTP code."
        ));
    }
}
