#pragma once

// Transitional: the engine's first integration includes this name. The adapter is ndpi_module.h
// (NdpiModule), ndpi_flow.h (NdpiFlow), ndpi_reading.h (NdpiReading) and ndpi_mapping.h.
#include "classifiers/ndpi/ndpi_module.h"
