"""Keeping Keras' class name on a faster subclass of a Keras layer, for checkpoints."""


def named_like(keras_class):
    """A class decorator giving a subclass of a Keras layer that layer's class name.

    Keras' weights files address a layer held in a list by its class name (`conv2d`,
    `conv2d_1`, ...), not by its attribute, and layers are auto-named the same way. A drop-in
    subclass that computes faster but keeps the variables of `keras_class` must also keep its
    name, so that checkpoints written with Keras' layer load into networks built with the
    subclass and the other way round. The subclass is still registered and serialized under
    its own name (`register_keras_serializable(name=...)` must name it explicitly).

    Args:
        keras_class: the Keras layer class the decorated class subclasses.
    """

    def decorate(cls):
        if not issubclass(cls, keras_class):
            raise TypeError(f"{cls.__name__} does not subclass {keras_class.__name__}")
        cls.__name__ = keras_class.__name__
        return cls

    return decorate
