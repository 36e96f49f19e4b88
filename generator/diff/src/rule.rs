//! The rules a change is reported under: one variant per kind of change, each with the stable
//! kebab-case name that the JSON and markdown reports print and that tools match on.

/// Declares [`Rule`], [`Rule::ALL`] and [`Rule::name`] from one list, so that no rule can be
/// left out of `ALL` or lack a name.
macro_rules! rules {
    ($($(#[$doc:meta])* $variant:ident => $name:literal,)+) => {
        /// What kind of change a finding is. The name ([`Rule::name`]) is part of the output
        /// format: it must not change.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Rule {
            $($(#[$doc])* $variant,)+
        }

        impl Rule {
            /// Every rule, in declaration order.
            pub const ALL: &[Rule] = &[$(Rule::$variant,)+];

            /// The stable name, e.g. `minimum-changed`.
            pub fn name(self) -> &'static str {
                match self {
                    $(Rule::$variant => $name,)+
                }
            }
        }
    };
}

rules! {
    /// An operation (method and path) is in the new spec only.
    OperationAdded => "operation-added",
    /// An operation (method and path) is in the old spec only.
    OperationRemoved => "operation-removed",
    /// An operation's `operationId` changed.
    OperationIdChanged => "operation-id-changed",
    /// A path, query or header parameter was added.
    ParameterAdded => "parameter-added",
    /// A path, query or header parameter was removed.
    ParameterRemoved => "parameter-removed",
    /// A path parameter was renamed at the same position in the path.
    ParameterRenamed => "parameter-renamed",
    /// A parameter became required.
    ParameterRequiredAdded => "parameter-required-added",
    /// A parameter became optional.
    ParameterRequiredRemoved => "parameter-required-removed",
    /// A request body is documented where there was none.
    RequestBodyAdded => "request-body-added",
    /// The request body is no longer documented.
    RequestBodyRemoved => "request-body-removed",
    /// The request body became required.
    RequestBodyRequiredAdded => "request-body-required-added",
    /// The request body became optional.
    RequestBodyRequiredRemoved => "request-body-required-removed",
    /// The documented success status of an operation changed.
    ResponseStatusChanged => "response-status-changed",
    /// A JSON response body is documented where there was none.
    ResponseBodyAdded => "response-body-added",
    /// The JSON response body is no longer documented.
    ResponseBodyRemoved => "response-body-removed",
    /// A schema's type changed: another type, an integer's format, or `type` added to or
    /// removed from a schema whose keywords apply to one type.
    TypeChanged => "type-changed",
    /// A number's `minimum` (or exclusive minimum) changed.
    MinimumChanged => "minimum-changed",
    /// A number's `maximum` (or exclusive maximum) changed.
    MaximumChanged => "maximum-changed",
    /// An integer's or a number's `multipleOf` changed.
    MultipleOfChanged => "multiple-of-changed",
    /// A string's `minLength` changed.
    MinLengthChanged => "min-length-changed",
    /// A string's `maxLength` changed.
    MaxLengthChanged => "max-length-changed",
    /// A string without a `pattern` got one.
    PatternAdded => "pattern-added",
    /// A string's `pattern` was removed.
    PatternRemoved => "pattern-removed",
    /// A string's `pattern` changed.
    PatternChanged => "pattern-changed",
    /// A string's `format` changed.
    FormatChanged => "format-changed",
    /// A string's filter expression (`x-filter-expression`) changed.
    FilterChanged => "filter-changed",
    /// A string enum gained a value.
    EnumValueAdded => "enum-value-added",
    /// A string enum lost a value.
    EnumValueRemoved => "enum-value-removed",
    /// A property, or a key a map requires, became required.
    RequiredAdded => "required-added",
    /// A property, or a key a map requires, became optional.
    RequiredRemoved => "required-removed",
    /// An object declares a new property.
    PropertyAdded => "property-added",
    /// An object no longer declares a property.
    PropertyRemoved => "property-removed",
    /// What an object allows for undeclared properties changed (open, closed, or a schema).
    AdditionalPropertiesChanged => "additional-properties-changed",
    /// An array's `minItems` changed.
    MinItemsChanged => "min-items-changed",
    /// An array's `maxItems` changed.
    MaxItemsChanged => "max-items-changed",
    /// An array's `uniqueItems` changed.
    UniqueItemsChanged => "unique-items-changed",
    /// The `minProperties` of an object or a map changed.
    MinPropertiesChanged => "min-properties-changed",
    /// The `maxProperties` of an object or a map changed.
    MaxPropertiesChanged => "max-properties-changed",
    /// The `minLength` of a map's keys (`x-property-names`) changed.
    PropertyNameMinLengthChanged => "property-name-min-length-changed",
    /// The `maxLength` of a map's keys (`x-property-names`) changed.
    PropertyNameMaxLengthChanged => "property-name-max-length-changed",
    /// A map's keys (`x-property-names`) got a `pattern`.
    PropertyNamePatternAdded => "property-name-pattern-added",
    /// The `pattern` of a map's keys (`x-property-names`) was removed.
    PropertyNamePatternRemoved => "property-name-pattern-removed",
    /// The `pattern` of a map's keys (`x-property-names`) changed.
    PropertyNamePatternChanged => "property-name-pattern-changed",
    /// A member joined a one-of group (`x-oneof`).
    OneOfMemberAdded => "one-of-member-added",
    /// A member left a one-of group (`x-oneof`).
    OneOfMemberRemoved => "one-of-member-removed",
    /// A one-of group changed between "exactly one" and "at most one".
    OneOfKindChanged => "one-of-kind-changed",
    /// A whole one-of group was removed.
    OneOfGroupRemoved => "one-of-group-removed",
    /// A cross-field rule (`x-rules`) was added.
    RuleAdded => "rule-added",
    /// A cross-field rule (`x-rules`) was removed.
    RuleRemoved => "rule-removed",
    /// A `$ref` names another type at the same place (the two types are compared on their own).
    ReferenceChanged => "reference-changed",
    /// `null` became allowed.
    NullableAdded => "nullable-added",
    /// `null` is no longer allowed.
    NullableRemoved => "nullable-removed",
    /// `readOnly` or `writeOnly` was added to, removed from or swapped on a property.
    AccessChanged => "access-changed",
    /// A `oneOf` or `anyOf` gained a variant.
    UnionVariantAdded => "union-variant-added",
    /// A `oneOf` or `anyOf` lost a variant.
    UnionVariantRemoved => "union-variant-removed",
    /// A `oneOf` became an `anyOf`, or the reverse.
    UnionKindChanged => "union-kind-changed",
    /// A discriminator's mapping from tag values to variants changed.
    DiscriminatorChanged => "discriminator-changed",
    /// The schema under `not` changed.
    NotChanged => "not-changed",
    /// The set of integers an integer `enum` allows changed.
    IntegerEnumChanged => "integer-enum-changed",
}

impl Rule {
    /// The rule for the same change to the schema of a map's keys (`x-property-names`): the
    /// string rules that have a `property-name-` form; `None` for every other rule.
    pub fn of_property_name(self) -> Option<Rule> {
        match self {
            Rule::MinLengthChanged => Some(Rule::PropertyNameMinLengthChanged),
            Rule::MaxLengthChanged => Some(Rule::PropertyNameMaxLengthChanged),
            Rule::PatternAdded => Some(Rule::PropertyNamePatternAdded),
            Rule::PatternRemoved => Some(Rule::PropertyNamePatternRemoved),
            Rule::PatternChanged => Some(Rule::PropertyNamePatternChanged),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Rule;
    use std::collections::BTreeSet;

    #[test]
    fn names_are_unique_kebab_case() {
        let names: BTreeSet<&str> = Rule::ALL.iter().map(|r| r.name()).collect();
        assert_eq!(names.len(), Rule::ALL.len(), "a name is used twice");
        for name in names {
            assert!(
                !name.is_empty()
                    && name
                        .split('-')
                        .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase())),
                "{name} is not kebab-case"
            );
        }
    }

    #[test]
    fn property_name_rules_keep_the_name() {
        for r in Rule::ALL {
            if let Some(p) = r.of_property_name() {
                assert_eq!(p.name(), format!("property-name-{}", r.name()));
            }
        }
    }
}
