"""No import circles among the modules of the four packages (grimp, which import-linter uses).

Every import counts, a function-local one included: importing inside a function only puts the
circle off until the function runs, and the two modules still cannot be understood, tested or
moved apart. An import under `if TYPE_CHECKING:` does not count: it never runs."""

from __future__ import annotations

import grimp

PACKAGES = ("qifutong", "policies", "buildings", "dashboards")


def import_circles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            module, imported = work[-1]
            for other in imported:
                if other not in index:
                    index[other] = low[other] = len(index)
                    stack.append(other)
                    on_stack.add(other)
                    work.append(
                        (other, iter(sorted(graph.find_modules_directly_imported_by(other))))
                    )
                    break
                if other in on_stack:
                    low[module] = min(low[module], index[other])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[module])
                if low[module] == index[module]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == module:
                            break
                    if len(component) > 1:
                        circles.append(sorted(component))
    return circles


def _where(graph: grimp.ImportGraph, circle: list[str]) -> str:
    """Each import inside the circle, with its line, to say where to cut it."""
    members = set(circle)
    lines = []
    for module in circle:
        for other in sorted(graph.find_modules_directly_imported_by(module) & members):
            for detail in graph.get_import_details(importer=module, imported=other):
                lines.append(f"  {module}:{detail['line_number']} {detail['line_contents']}")
    return "\n".join(lines)


def test_the_finder_sees_a_circle():
    graph = grimp.ImportGraph()
    for module in ("p", "p.a", "p.b", "p.c"):
        graph.add_module(module)
    graph.add_import(importer="p.a", imported="p.b")
    graph.add_import(importer="p.b", imported="p.a")
    graph.add_import(importer="p.c", imported="p.a")
    assert import_circles(graph) == [["p.a", "p.b"]]


def test_no_module_imports_itself_round_a_circle():
    graph = grimp.build_graph(*PACKAGES, exclude_type_checking_imports=True, cache_dir=None)
    circles = import_circles(graph)
    assert not circles, "\n\n".join(
        f"{len(c)} modules import each other:\n{_where(graph, c)}" for c in circles
    )
