"""The Jinja2 sandbox chat templates run in: the immutable sandbox, with every loop,
``~``, filter and method call bounded by :mod:`engine.llm.template_limits`."""

from __future__ import annotations

import datetime
from functools import lru_cache
from typing import Any, NoReturn

from engine.common.errors import ChatTemplateError
from engine.common.messages import msg
from engine.llm.template_limits import (
    LOOP_GUARD,
    MAX_INT_BITS,
    REMOVED_FILTERS,
    TEXT_GUARD,
    bounded_iter,
    checked_concat,
    checked_filter,
    checked_text,
    current_budget,
    format_size_ok,
    format_widths_ok,
    precheck_int_method,
    precheck_str_method,
)


def _raise_exception(message: str) -> NoReturn:
    raise ChatTemplateError(
        msg("The model's chat template refused the conversation: {reason}", reason=message)
    )


def _strftime_now(fmt: str) -> str:
    return datetime.datetime.now().strftime(fmt)


class _BoundedEnvironment:
    """Builds the sandbox class lazily (jinja2 is imported only when a template runs)."""

    @staticmethod
    @lru_cache(maxsize=1)
    def cls() -> type[Any]:
        from jinja2 import nodes
        from jinja2.sandbox import ImmutableSandboxedEnvironment
        from jinja2.utils import Namespace
        from jinja2.visitor import NodeTransformer

        class _Guards(NodeTransformer):
            """Routes every loop and every ``~`` through the budget's checks."""

            def visit_For(self, node: nodes.For) -> nodes.Node:
                self.generic_visit(node)
                node.iter = nodes.Call(
                    nodes.Name(LOOP_GUARD, "load", lineno=node.lineno),
                    [node.iter],
                    [],
                    None,
                    None,
                    lineno=node.lineno,
                )
                return node

            def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
                self.generic_visit(node)
                # Each operand is checked before it is printed (a list that shares its
                # parts is small in memory but not as text), and the joined text after.
                node.nodes = [self._guard(operand) for operand in node.nodes]
                return self._guard(node)

            def visit_List(self, node: nodes.List) -> nodes.Node:
                self.generic_visit(node)
                return self._guard(node)

            def visit_Dict(self, node: nodes.Dict) -> nodes.Node:
                self.generic_visit(node)
                return self._guard(node)

            def visit_Tuple(self, node: nodes.Tuple) -> nodes.Node:
                self.generic_visit(node)
                return self._guard(node) if node.ctx == "load" else node

            @staticmethod
            def _guard(node: nodes.Expr) -> nodes.Expr:
                """``[a, a]`` nested 40 deep would print as a terabyte: literals are
                checked as they are built."""
                return nodes.Call(
                    nodes.Name(TEXT_GUARD, "load", lineno=node.lineno),
                    [node],
                    [],
                    None,
                    None,
                    lineno=node.lineno,
                )

        class _CheckedNamespace(Namespace):
            """``namespace()``: values kept across loop iterations are checked, so that
            ``{% set ns.s = ns.s ~ ns.s %}`` cannot double a text 60 times."""

            def __setitem__(self, name: str, value: Any) -> None:
                budget = current_budget()
                budget.tick()
                super().__setitem__(name, budget.check(value))

        class Environment(ImmutableSandboxedEnvironment):
            intercepted_binops = frozenset({"*", "+", "%", "**"})
            concat = staticmethod(checked_concat)

            def __init__(self) -> None:
                super().__init__(trim_blocks=True, lstrip_blocks=True, finalize=checked_text)
                # lipsum() writes any amount of text in one call, and no chat template
                # uses it, cycler or joiner.
                for name in ("lipsum", "cycler", "joiner"):
                    self.globals.pop(name, None)
                for name in REMOVED_FILTERS:
                    self.filters.pop(name, None)
                self.globals["raise_exception"] = _raise_exception
                self.globals["strftime_now"] = _strftime_now
                self.globals["namespace"] = _CheckedNamespace
                self.globals[LOOP_GUARD] = bounded_iter
                self.globals[TEXT_GUARD] = checked_text
                self.filters = {
                    name: checked_filter(name, function) for name, function in self.filters.items()
                }

            def _parse(self, source: str, name: str | None, filename: str | None) -> Any:
                return _Guards().visit(super()._parse(source, name, filename))

            def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
                budget = current_budget()
                budget.tick()
                sized = (str, list, tuple)
                if operator == "*":
                    for seq, times in ((left, right), (right, left)):
                        if isinstance(seq, sized) and isinstance(times, int):
                            budget.check_size(len(seq) * times)
                    if (
                        isinstance(left, int)
                        and isinstance(right, int)
                        and left.bit_length() + right.bit_length() > MAX_INT_BITS
                    ):
                        budget.check(1 << (MAX_INT_BITS + 1))
                elif operator == "+" and isinstance(left, sized) and isinstance(right, sized):
                    budget.check_size(len(left) + len(right))
                elif operator == "%" and isinstance(left, str):
                    values = right if isinstance(right, tuple) else (right,)
                    format_widths_ok(left, values, budget)
                    format_size_ok(left, values, budget)
                elif (
                    operator == "**"
                    and isinstance(left, int)
                    and isinstance(right, int)
                    and abs(left) > 1
                    and right * abs(left).bit_length() > MAX_INT_BITS
                ):
                    budget.check(1 << (MAX_INT_BITS + 1))
                return budget.check(super().call_binop(context, operator, left, right))

            def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
                budget = current_budget()
                budget.tick()
                target = getattr(__obj, "__wrapped__", __obj)
                owner = getattr(target, "__self__", None)
                arguments = list(args)
                method = getattr(target, "__name__", "")
                if isinstance(owner, (str, bytes, bytearray)):
                    precheck_str_method(owner, method, arguments, kwargs)
                elif isinstance(owner, int):
                    precheck_int_method(method, arguments, kwargs)
                for value in (*arguments, *kwargs.values()):
                    budget.check(value)
                result = super().call(__context, __obj, *arguments, **kwargs)
                return budget.check(result)

            def getattr(self, obj: Any, attribute: str) -> Any:
                current_budget().tick()
                return super().getattr(obj, attribute)

            def getitem(self, obj: Any, argument: Any) -> Any:
                current_budget().tick()
                return super().getitem(obj, argument)

        return Environment


@lru_cache(maxsize=8)
def compile_template(source: str) -> Any:
    from jinja2 import TemplateError

    env = _BoundedEnvironment.cls()()
    try:
        return env.from_string(source)
    except TemplateError as error:
        raise ChatTemplateError(
            msg("The chat template is not valid Jinja: {reason}", reason=error)
        ) from None
    except (RecursionError, MemoryError):
        raise ChatTemplateError(msg("The chat template is too deeply nested to compile.")) from None
