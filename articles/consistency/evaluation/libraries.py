"""Compare quantity extractors on the clean pairs and their figure mutants (issue 10, item 1).

Not part of the product and not run by the tests: it needs packages the project does not depend
on. In a throwaway virtualenv with the project's requirements plus ``cn2an``,
``recognizers-text-suite`` and ``emoji<1.0`` (Recognizers-Text 1.0.2a2, the last Python release,
2019, imports a name emoji 1.0 removed):

    python -W ignore -m articles.consistency.evaluation.libraries

Each extractor turns the aligned items of both languages into values; an item is flagged when a
value on one side has no equal on the other (units ignored, since cn2an has none; whole numbers
below 10 dropped as in the engine). Printed: flagged clean items (false alarms), flagged mutated
items (detections) and CPU time.
"""

import math
import re
import time

from articles.consistency.evaluation import load_clean_pairs
from articles.consistency.evaluation.mutations import FIGURE_MUTATIONS, get, items, mutants
from articles.consistency.quantities import extract_quantities, is_checkable


def ours(text, lang):
    return [q.value for q in extract_quantities(text=text) if is_checkable(q)]


def rt(text, lang):
    from recognizers_number import recognize_number
    from recognizers_number_with_unit import recognize_currency, recognize_dimension
    from recognizers_text import Culture

    culture = Culture.English if lang == "en" else Culture.Chinese
    values = []
    for fn in (recognize_currency, recognize_dimension, recognize_number):
        try:
            for r in fn(text, culture):
                v = r.resolution.get("value") if r.resolution else None
                try:
                    values.append(float(str(v).replace(",", "")))
                except (TypeError, ValueError):
                    pass
        except Exception:
            pass
    return [v for v in values if v >= 10 or not float(v).is_integer()]


def cn2an_ours(text, lang):
    if lang == "en":
        return ours(text, lang)
    import cn2an

    try:
        converted = cn2an.transform(text, "cn2an")
    except Exception:
        converted = text
    values = []
    for m in re.finditer(r"(\d+(?:\.\d+)?)\s*(万亿|亿|万)?", converted):
        v = float(m.group(1)) * {"万亿": 1e12, "亿": 1e8, "万": 1e4, None: 1}[m.group(2)]
        if v >= 10 or not v.is_integer():
            values.append(v)
    return values


def flagged(extract, content, place):
    a = extract(get(content, "en", *place), "en")
    b = extract(get(content, "zh-hans", *place), "zh-hans")

    def eq(x, y):
        return math.isclose(x, y, rel_tol=1e-9)

    return any(not any(eq(x, y) for y in b) for x in a) or any(not any(eq(y, x) for x in a) for y in b)


def main():
    entities, pairs = load_clean_pairs()
    print("| extractor | clean items flagged | mutated items flagged | CPU |")
    print("|---|---:|---:|---:|")
    for name, extract in (
        ("engine quantities", ours),
        ("cn2an (zh) + engine (en)", cn2an_ours),
        ("Recognizers-Text", rt),
    ):
        start = time.process_time()
        clean_items = false_alarms = 0
        for pair in pairs:
            for place in items(pair["content"]):
                clean_items += 1
                false_alarms += flagged(extract, pair["content"], place)
        found = injected = 0
        for pair in pairs:
            for case in mutants(pair, entities):
                if case["mutation"] not in FIGURE_MUTATIONS or case["mutation"] == "swapped_figures":
                    continue
                label = case["expected"][0]
                place = next(
                    p
                    for p in items(case["content"])
                    if (p[0], p[1]) == (label["part"], label["index"])
                    and get(case["content"], "en", *p) + get(case["content"], "zh-hans", *p)
                    != get(pair["content"], "en", *p) + get(pair["content"], "zh-hans", *p)
                )
                injected += 1
                found += flagged(extract, case["content"], place)
        cpu = time.process_time() - start
        print(
            f"| {name} | {false_alarms} of {clean_items} | {found} of {injected} ({found / injected:.2f}) | {cpu:.1f} s |"
        )


if __name__ == "__main__":
    main()
