"""Used by the rule pack's schema and the checks' parameter models: pydantic-shaped declarations (BaseModel,
Field, field_validator …) that make plain classes, so a compiled pack is read back and run without importing
pydantic; each class's pydantic twin, built on first validation from the same declaration, validates with
pydantic's own rules and messages and hands back a plain instance."""

from __future__ import annotations

import sys
import types
import typing
from typing import Any, Callable

_MISSING: Any = object()


def ConfigDict(**options: Any) -> dict[str, Any]:
    """The model's pydantic configuration (extra="forbid", frozen=True …), applied to its twin."""
    return dict(options)


class _FieldSpec:
    """What `Field(...)` declared: the default (or factory) and pydantic's other options."""

    __slots__ = ("default", "factory", "options")

    def __init__(self, default: Any = _MISSING, factory: Callable[[], Any] | None = None, **options: Any) -> None:
        self.default, self.factory, self.options = default, factory, options

    def pydantic(self) -> Any:
        import pydantic

        options = dict(self.options)
        if self.factory is not None:
            options["default_factory"] = self.factory
        elif self.default is not _MISSING:
            options["default"] = _to_twin(self.default)
        return pydantic.Field(**options)


def Field(default: Any = _MISSING, *, default_factory: Callable[[], Any] | None = None, **options: Any) -> Any:
    """pydantic.Field, recorded for the twin (alias, bounds, pattern …)."""
    return _FieldSpec(default, default_factory, **options)


class _PrivateSpec:
    __slots__ = ("default", "factory")

    def __init__(self, default: Any = _MISSING, factory: Callable[[], Any] | None = None) -> None:
        self.default, self.factory = default, factory


def PrivateAttr(default: Any = _MISSING, *, default_factory: Callable[[], Any] | None = None) -> Any:
    """pydantic.PrivateAttr: state a validator or model_post_init sets, kept in the plain instance."""
    return _PrivateSpec(default, default_factory)


class _Validator:
    """A field or model validator, applied (by pydantic's own decorator) to the twin."""

    __slots__ = ("kind", "args", "options", "func")

    def __init__(self, kind: str, args: tuple, options: dict[str, Any], func: Any) -> None:
        self.kind, self.args, self.options, self.func = kind, args, options, func

    def pydantic(self) -> Any:
        import pydantic

        if self.kind == "field":
            return pydantic.field_validator(*self.args, **self.options)(self.func)
        return pydantic.model_validator(**self.options)(self.func)


def field_validator(*fields: str, **options: Any) -> Callable[[Any], Any]:
    """pydantic.field_validator, recorded for the twin."""
    return lambda func: _Validator("field", fields, options, func)


def model_validator(**options: Any) -> Callable[[Any], Any]:
    """pydantic.model_validator, recorded for the twin."""
    return lambda func: _Validator("model", (), options, func)


class _Field:
    __slots__ = ("name", "annotation", "spec", "alias")

    def __init__(self, name: str, annotation: Any, spec: _FieldSpec) -> None:
        self.name, self.annotation, self.spec = name, annotation, spec
        self.alias = spec.options.get("alias")

    def default(self) -> Any:
        return self.spec.factory() if self.spec.factory is not None else self.spec.default


_MACHINERY = frozenset({"__module__", "__qualname__", "__doc__", "__annotations__", "__dict__", "__weakref__",
                        "__hash__", "__plain_fields__", "__plain_private__", "__plain_validators__",
                        "__plain_twin__", "model_config", "__static_attributes__", "__firstlineno__"})


class BaseModel:
    """A declared model as a plain object: its fields are instance attributes (nested models plain too), its
    methods and properties the class's own. `model_validate`, a call with keyword arguments validate through
    the pydantic twin; `model_construct`, `model_copy` and reading a pickled pack need no pydantic."""

    model_config: dict[str, Any] = {}
    __plain_fields__: dict[str, _Field] = {}
    __plain_private__: dict[str, _PrivateSpec] = {}
    __plain_validators__: dict[str, _Validator] = {}
    __plain_twin__: Any = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fields: dict[str, _Field] = {}
        private: dict[str, _PrivateSpec] = {}
        config: dict[str, Any] = {}
        for base in reversed(cls.__mro__[1:]):
            if issubclass(base, BaseModel):
                fields.update(base.__plain_fields__)
                private.update(base.__plain_private__)
                config.update(base.__dict__.get("model_config", {}))
        own = cls.__dict__
        config.update(own.get("model_config", {}))
        for name, annotation in own.get("__annotations__", {}).items():
            if name == "model_config" or "ClassVar" in str(annotation):
                continue
            value = own.get(name, _MISSING)
            if name.startswith("_"):
                private[name] = value if isinstance(value, _PrivateSpec) else _PrivateSpec(value)
                if name in own:
                    delattr(cls, name)
                continue
            spec = value if isinstance(value, _FieldSpec) else _FieldSpec(value)
            fields[name] = _Field(name, annotation, spec)
            if spec.default is not _MISSING and spec.factory is None:
                setattr(cls, name, spec.default)  # read as a class attribute until an instance has its own
            elif name in own:
                delattr(cls, name)
        validators = {name: value for name, value in own.items() if isinstance(value, _Validator)}
        for name in validators:
            delattr(cls, name)
        cls.__plain_fields__, cls.__plain_private__, cls.__plain_validators__ = fields, private, validators
        cls.model_config = config
        cls.__plain_twin__ = None
        cls.__hash__ = _hash if config.get("frozen") else None  # type: ignore[assignment]

    def __init__(self, **data: Any) -> None:
        self.__dict__.update(_plain(twin(type(self)).model_validate(data)).__dict__)

    @classmethod
    def model_validate(cls, obj: Any, *, context: Any = None) -> Any:
        """Validate `obj` as pydantic would (same errors), returning a plain instance."""
        if isinstance(obj, cls):
            return obj
        return _plain(twin(cls).model_validate(_to_twin(obj), context=context))

    @classmethod
    def model_construct(cls, **values: Any) -> Any:
        """An instance of trusted values (no validation), the declared defaults filling the rest."""
        self = object.__new__(cls)
        state = self.__dict__
        for name, field in cls.__plain_fields__.items():
            if name in values:
                state[name] = values[name]
            elif field.alias is not None and field.alias in values:
                state[name] = values[field.alias]
            else:
                value = field.default()
                if value is not _MISSING:
                    state[name] = value
        for name, spec in cls.__plain_private__.items():
            if spec.factory is not None:
                state[name] = spec.factory()
            elif spec.default is not _MISSING:
                state[name] = spec.default
        return self

    def model_copy(self, *, update: dict[str, Any] | None = None, deep: bool = False) -> Any:
        """A copy with some fields replaced (not validated, as pydantic's model_copy)."""
        new = object.__new__(type(self))
        state = self.__dict__
        if deep:
            import copy

            state = copy.deepcopy(state)
        new.__dict__.update(state)
        if update:
            new.__dict__.update(update)
        return new

    def model_dump(self, *, by_alias: bool = False) -> dict[str, Any]:
        """The fields as a dict (nested models as dicts)."""
        out = {}
        for name, field in type(self).__plain_fields__.items():
            if name in self.__dict__:
                out[(field.alias or name) if by_alias else name] = _dump(self.__dict__[name], by_alias)
        return out

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.__dict__ == self.__dict__

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={self.__dict__[name]!r}" for name in type(self).__plain_fields__
                          if name in self.__dict__)
        return f"{type(self).__name__}({shown})"


def _hash(self: BaseModel) -> int:
    return hash((type(self), *(self.__dict__.get(name) for name in type(self).__plain_fields__)))


def _dump(value: Any, by_alias: bool) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(by_alias=by_alias)
    if type(value) in (tuple, list):
        return type(value)(_dump(item, by_alias) for item in value)
    if type(value) is dict:
        return {key: _dump(item, by_alias) for key, item in value.items()}
    return value


# --- the pydantic twin -------------------------------------------------------------------------------------


def twin(cls: type[BaseModel]) -> Any:
    """The pydantic model declared by `cls` (built once): same name, fields, validators, methods. A class that is
    not declared here (a pydantic model itself) is its own twin."""
    if not (isinstance(cls, type) and issubclass(cls, BaseModel)) or cls is BaseModel:
        return cls
    made = cls.__dict__.get("__plain_twin__")
    if made is not None:
        return made
    import pydantic

    scope = vars(sys.modules[cls.__module__])
    bases = tuple(twin(base) for base in cls.__bases__ if issubclass(base, BaseModel) and base is not BaseModel)
    namespace: dict[str, Any] = {"__module__": cls.__module__, "__qualname__": cls.__qualname__,
                                 "__doc__": cls.__doc__}
    declared = cls.__dict__.get("__annotations__", {})
    namespace["model_config"] = pydantic.ConfigDict(**cls.model_config)
    annotations: dict[str, Any] = {}
    for name, annotation in declared.items():
        if name == "model_config" or "ClassVar" in str(annotation):
            continue
        annotations[name] = _translate(_evaluate(annotation, scope))
        if name in cls.__plain_private__:
            spec = cls.__plain_private__[name]
            options = {"default_factory": spec.factory} if spec.factory is not None else \
                ({"default": spec.default} if spec.default is not _MISSING else {})
            namespace[name] = pydantic.PrivateAttr(**options)
        elif name in cls.__plain_fields__:
            namespace[name] = cls.__plain_fields__[name].spec.pydantic()
    for name, value in cls.__dict__.items():
        if name in _MACHINERY or name in annotations:
            continue
        namespace[name] = value
    for name, validator in cls.__plain_validators__.items():
        namespace[name] = validator.pydantic()
    namespace["__annotations__"] = annotations
    made = type(pydantic.BaseModel)(cls.__name__, bases or (pydantic.BaseModel,), namespace)
    made.__plain__ = cls
    type.__setattr__(cls, "__plain_twin__", made)
    return made


def _evaluate(annotation: Any, scope: dict[str, Any]) -> Any:
    while isinstance(annotation, str):
        annotation = eval(annotation, scope)  # the module's own annotation, as typing.get_type_hints does
    return annotation


def _translate(tp: Any) -> Any:
    """A type with every declared model replaced by its twin (and a recorded Field by pydantic's)."""
    if isinstance(tp, type) and issubclass(tp, BaseModel) and tp is not BaseModel:
        return twin(tp)
    if isinstance(tp, _FieldSpec):
        return tp.pydantic()
    origin = typing.get_origin(tp)
    if origin is None or origin is typing.Literal:
        return tp
    args = typing.get_args(tp)
    if origin is typing.Annotated:
        return typing.Annotated[(_translate(args[0]), *(_translate(meta) for meta in tp.__metadata__))]
    new = tuple(_translate(arg) for arg in args)
    if all(a is b for a, b in zip(new, args)):
        return tp
    if origin is typing.Union or origin is types.UnionType:
        return typing.Union[new]
    if isinstance(tp, types.GenericAlias):
        return types.GenericAlias(origin, new)
    return tp.copy_with(new)


def _to_twin(value: Any) -> Any:
    """A plain instance (a declared default, a nested model handed in) as its twin, for pydantic."""
    if isinstance(value, BaseModel):
        cls = twin(type(value))
        state = {name: _to_twin(item) for name, item in value.__dict__.items() if name in type(value).__plain_fields__}
        made = cls.model_construct(**state)
        private = {name: _to_twin(item) for name, item in value.__dict__.items()
                   if name in type(value).__plain_private__}
        if private:
            object.__setattr__(made, "__pydantic_private__", {**(made.__pydantic_private__ or {}), **private})
        return made
    if type(value) in (tuple, list):
        return type(value)(_to_twin(item) for item in value)
    if type(value) is dict:
        return {key: _to_twin(item) for key, item in value.items()}
    return value


def _plain(value: Any) -> Any:
    """A validated twin instance (and whatever it holds) as plain instances of the declared classes."""
    cls = getattr(type(value), "__plain__", None)
    if cls is not None and "__plain__" in type(value).__dict__:
        made = object.__new__(cls)
        state = made.__dict__
        fields_set = type(value).model_fields
        for name in fields_set:
            state[name] = _plain(getattr(value, name))
        for name, item in (value.__pydantic_private__ or {}).items():
            state[name] = _plain(item)
        return made
    if type(value) in (tuple, list):
        return type(value)(_plain(item) for item in value)
    if type(value) is dict:
        return {key: _plain(item) for key, item in value.items()}
    return value
