// Imported before @tensorflow/tfjs: production mode silences tfjs's start-up advice to install tfjs-node (which
// cannot install here) so stderr carries only training progress. It must run before tfjs first touches a backend.
import { enableProdMode } from '@tensorflow/tfjs-core';

enableProdMode();
