export * from './core';
export * from './auth';
export * from './users';
export * from './hub';
export * from './front-door';
export * from './kernels';
export * from './dask';
export * from './scheduling';
export * from './carvel';
export * from './charts';

// Registers the classes props take with the runtime prop checker (instanceof tests).
import './prop-classes.generated';
