#!/usr/bin/env node
// Installed CLI entry: runs the compiled build (npm run build -w exporter).
import '../dist/cli.js';
