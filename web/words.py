"""The words of the viewer's pages in each language they speak (English, Spanish); the words of
the data (types, properties, roles) come from the ontology and from edgraph.roles."""

from __future__ import annotations

from edgraph.roles import Words

#: The words of an entity page, in each language pages speak.
PAGE_WORDS = {
    "names": Words("Names", "Nombres"),
    "alias": Words("alias", "alias"),
    "relations": Words("Relations", "Relaciones"),
    "claims": Words("Claims", "Afirmaciones"),
    "disagree": Words("sources disagree", "las fuentes discrepan"),
    "value": Words("value", "valor"),
    "as_of": Words("as of", "a fecha de"),
    "source": Words("source", "fuente"),
    "timeline": Words("Timeline", "Cronología"),
    "around": Words("Around it", "A su alrededor"),
    "open_network": Words("Open in the network view", "Abrir en la vista de red"),
    "measures": Words("Network measures", "Medidas de red"),
    "measured": Words(
        "Computed by {run} ({software}) on {ended}, from the partnership network of the whole "
        "dataset; no source states them.",
        "Calculadas por {run} ({software}) el {ended}, a partir de la red de alianzas de todo el "
        "conjunto de datos; ninguna fuente las afirma.",
    ),
    "other": Words("Other statements", "Otras afirmaciones"),
    "sources": Words("Sources", "Fuentes"),
    "as_data": Words("This resource as data:", "Este recurso como datos:"),
    "language": Words("Language", "Idioma"),
}

#: The words of Browse, in each language pages speak.
BROWSE_WORDS = {
    "browse": Words("Browse", "Explorar"),
    "kind": Words("kind", "tipo"),
    "country": Words("country", "país"),
    "network": Words("network", "red"),
    "year": Words("year", "año"),
    "source": Words("source", "fuente"),
    "more": Words("and {} more", "y {} más"),
    "reference": Words("reference data", "datos de referencia"),
    "reference_about": Words(
        "Countries, regions and the Sustainable Development Goals, from graph/reference/.",
        "Países, regiones y los Objetivos de Desarrollo Sostenible, de graph/reference/.",
    ),
    "hide": Words("left out", "excluidos"),
    "include": Words("included", "incluidos"),
    "only": Words("only reference data", "solo datos de referencia"),
    "left_out": Words("entities left out", "entidades excluidas"),
    "containing": Words("Names containing", "Nombres que contienen"),
    "placeholder": Words("name or alias", "nombre o alias"),
    "sort_by": Words("Sort by", "Ordenar por"),
    "name": Words("name", "nombre"),
    "ties": Words("number of ties", "número de vínculos"),
    "apply": Words("Apply", "Aplicar"),
    "entities": Words("entities", "entidades"),
    "remove": Words("remove", "quitar"),
    "hidden": Words("{} of reference data left out", "{} de datos de referencia excluidos"),
    "include_them": Words("include them", "incluirlos"),
    "download": Words("Download", "Descargar"),
    "type": Words("type", "clase"),
    "ties_column": Words("ties", "vínculos"),
    "ties_about": Words("other entities it is tied to by a role",
                        "otras entidades a las que un papel la vincula"),
    "previous": Words("previous", "anterior"),
    "next": Words("next", "siguiente"),
    "page_of": Words("page {} of {}", "página {} de {}"),
}  # fmt: skip
