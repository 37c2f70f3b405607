"""Feature extractors for GAN metrics."""
