//! `EntityTypeDisplayName` (`entitytypes/entitytypes/entitytypedisplayname.md`, 7.0): the
//! expressions that compute an entity type's internal display name, one per language.
//!
//! The page states the rule for the property: the `Property` given, else "the first string
//! property of the entity type that contains "name" (case insensitively), in ascending order
//! of `TargetColumnIndex`", else "the first string property ... that is a key property",
//! else "the first property of the entity type". Its example (`Directory_Country`, whose
//! localized `DisplayName` has the variants `DisplayName_enUS`, `Language="1"`, and
//! `DisplayName_frFR`, `Language="2"`) generates one `EntityPropertyExpression` per
//! language:
//!
//! ```xml
//! <EntityPropertyExpression Identifier="Directory_Country_InternalDisplayName_L1" Binding="Directory_Country:DisplayName_enUS" EntityType="Directory_Country" Property="InternalDisplayName_L1" />
//! ```
//!
//! Decisions where the page is silent:
//! - A property without `Type` is a string (the product's default type).
//! - Properties without `TargetColumnIndex` come after those with one, in document order.
//! - The property chosen (or given) may be a localized variant (`DisplayName_enUS`) or the
//!   neutral one (`DisplayName`): either way its neutral property's variants are bound, in
//!   the order of their `Language`.
//! - A chosen property without localized variants: `not-expanded` (the page shows only the
//!   localized case, and does not say what the product binds then), as is a `Property` that
//!   the entity type does not have.

use super::Why;

/// The element it generates.
pub const ELEMENT: &str = "EntityPropertyExpression";
use crate::expand::GenElement;
use crate::model::Model;
use crate::xml::Element;

/// The expressions of `entity_type`'s display name.
pub fn expand<'a>(
    model: &Model<'a>,
    entity_type: &'a str,
    property: Option<&'a str>,
) -> Result<Vec<GenElement<'a>>, Why> {
    let Some(et) = model.entity_types.get(entity_type).and_then(|d| d.first()) else {
        // An undeclared entity type is `unknown-entity-type`'s: nothing to generate.
        return Ok(Vec::new());
    };
    let properties: Vec<Element<'a>> = et.el.children_named("Property").collect();
    let chosen = match property {
        Some(p) => properties
            .iter()
            .find(|e| e.value("Identifier") == Some(p))
            .ok_or(Why::NoSuchProperty)?,
        None => choose(&properties).ok_or(Why::NoSuchProperty)?,
    };
    let neutral = chosen
        .value("NeutralProperty")
        .or(chosen.value("Identifier"))
        .unwrap_or("");
    let mut variants: Vec<(u32, &'a str)> = properties
        .iter()
        .filter(|e| e.value("NeutralProperty") == Some(neutral))
        .filter_map(|e| {
            let language = e.value("Language")?.trim().parse::<u32>().ok()?;
            Some((language, e.value("Identifier")?))
        })
        .filter(|(l, _)| (1..=16).contains(l))
        .collect();
    variants.sort_by_key(|(l, _)| *l);
    variants.dedup_by_key(|(l, _)| *l);
    if variants.is_empty() {
        return Err(Why::NotLocalized);
    }
    Ok(variants
        .into_iter()
        .map(|(l, variant)| {
            GenElement::new(ELEMENT)
                .attr(
                    "Identifier",
                    format!("{entity_type}_InternalDisplayName_L{l}"),
                )
                .attr("Binding", format!("{entity_type}:{variant}"))
                .attr("EntityType", entity_type)
                .attr("Property", format!("InternalDisplayName_L{l}"))
        })
        .collect())
}

/// The page's rule: the first string property whose identifier contains "name" (any case)
/// by ascending `TargetColumnIndex`, else the first string key property, else the first.
fn choose<'e, 'a>(properties: &'e [Element<'a>]) -> Option<&'e Element<'a>> {
    let is_string = |e: &Element<'_>| e.value("Type").is_none_or(|t| t == "String");
    let mut by_column: Vec<&Element<'a>> = properties.iter().collect();
    // Stable: without an index, after the others, in document order.
    by_column.sort_by_key(|e| {
        e.value("TargetColumnIndex")
            .and_then(|i| i.trim().parse::<i64>().ok())
            .map_or((1, 0), |i| (0, i))
    });
    let named = by_column.iter().copied().find(|e| {
        is_string(e)
            && e.value("Identifier").is_some_and(|id| {
                id.as_bytes()
                    .windows(4)
                    .any(|w| w.eq_ignore_ascii_case(b"name"))
            })
    });
    named
        .or_else(|| {
            by_column.iter().copied().find(|e| {
                is_string(e) && e.value("IsKey").and_then(crate::expand::parse_bool) == Some(true)
            })
        })
        .or_else(|| properties.first())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(model_xml: &str, property: Option<&str>) -> Result<Vec<String>, Why> {
        let text = format!(
            "<ConfigurationFile xmlns=\"urn:schemas-usercube-com:configuration\">{model_xml}</ConfigurationFile>"
        );
        let parsed = crate::xml::parse(&text, 0);
        let model = Model::from_roots([parsed.root(&text)], 1);
        expand(&model, "Directory_Country", property).map(|els| {
            els.iter()
                .map(|e| {
                    let mut s = String::new();
                    crate::render::xml::write_element(&mut s, e, 0);
                    s
                })
                .collect()
        })
    }

    /// `Directory_Country` as the product's Workforce module declares it (its page shows the
    /// entity type; the display-name page shows the output).
    const COUNTRY: &str = r#"<EntityType Identifier="Directory_Country" DisplayName_L1="Country">
  <Property Identifier="DisplayName" Type="String" />
  <Property Identifier="DisplayName_enUS" Type="String" Language="1" NeutralProperty="DisplayName" TargetColumnIndex="5" />
  <Property Identifier="DisplayName_frFR" Type="String" Language="2" NeutralProperty="DisplayName" TargetColumnIndex="7" />
  <Property Identifier="ISOCode" Type="String" TargetColumnIndex="6" />
  <Property Identifier="Identifier" Type="String" IsKey="true" TargetColumnIndex="4" />
  <Property Identifier="Regions" Type="ForeignKey" />
</EntityType>"#;

    const DOCUMENTED: [&str; 2] = [
        "<EntityPropertyExpression Identifier=\"Directory_Country_InternalDisplayName_L1\" Binding=\"Directory_Country:DisplayName_enUS\" EntityType=\"Directory_Country\" Property=\"InternalDisplayName_L1\" />\n",
        "<EntityPropertyExpression Identifier=\"Directory_Country_InternalDisplayName_L2\" Binding=\"Directory_Country:DisplayName_frFR\" EntityType=\"Directory_Country\" Property=\"InternalDisplayName_L2\" />\n",
    ];

    #[test]
    fn both_documented_examples_give_the_documented_output() {
        assert_eq!(run(COUNTRY, None).unwrap(), DOCUMENTED);
        assert_eq!(run(COUNTRY, Some("DisplayName")).unwrap(), DOCUMENTED);
    }

    #[test]
    fn the_rule_falls_back_to_the_key_then_to_the_first_property() {
        // No "name": the string key property, localized here.
        let key = r#"<EntityType Identifier="Directory_Country" DisplayName_L1="Country">
  <Property Identifier="Code" Type="String" />
  <Property Identifier="Label_en" Language="1" NeutralProperty="Label" />
  <Property Identifier="Label" IsKey="true" />
</EntityType>"#;
        assert_eq!(
            run(key, None).unwrap(),
            ["<EntityPropertyExpression Identifier=\"Directory_Country_InternalDisplayName_L1\" Binding=\"Directory_Country:Label_en\" EntityType=\"Directory_Country\" Property=\"InternalDisplayName_L1\" />\n"]
        );
        // No string property named or keyed: the first property, not localized.
        let first = r#"<EntityType Identifier="Directory_Country" DisplayName_L1="Country">
  <Property Identifier="Code" Type="Int32" />
  <Property Identifier="Other" Type="Int32" />
</EntityType>"#;
        assert_eq!(run(first, None), Err(Why::NotLocalized));
        assert_eq!(run(COUNTRY, Some("Nope")), Err(Why::NoSuchProperty));
        // The lowest `TargetColumnIndex` wins among the named ones.
        let two = r#"<EntityType Identifier="Directory_Country" DisplayName_L1="Country">
  <Property Identifier="LastName_en" Language="1" NeutralProperty="LastName" TargetColumnIndex="9" />
  <Property Identifier="FirstName_en" Language="1" NeutralProperty="FirstName" TargetColumnIndex="3" />
</EntityType>"#;
        assert!(run(two, None).unwrap()[0].contains("Binding=\"Directory_Country:FirstName_en\""));
    }
}
