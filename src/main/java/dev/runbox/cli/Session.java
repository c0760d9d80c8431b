package dev.runbox.cli;

import dev.runbox.core.RunService;
import dev.runbox.core.judge.JudgeService;
import dev.runbox.images.CatalogBuilder;

/** The parts a one-shot command uses; closing it releases the engine connection. */
public interface Session extends AutoCloseable {
  RunService runs();

  JudgeService judges();

  CatalogBuilder images();

  @Override
  void close();
}
