"""kerasgan: well-known GANs in Keras 3 on JAX, TensorFlow and PyTorch."""

__version__ = "0.1.0"
