/** The users' servers: single-user options, storage, profiles, volumes, node pools. */
export { NodePool, NodePurpose } from './node-pool';
export type { NodePoolOptions, NodePoolPlacement } from './node-pool';
export { SingleUserServerApp } from './single-user-options';
export type { SingleUserOptions, UserSecretKeyRef } from './single-user-options';
export type { UserContainer } from './user-container';
export type { UserEgressOptions } from './user-egress-options';
export { SingleUserStorage } from './single-user-storage';
export type {
  DynamicStorageOptions,
  SharedStorageOptions,
  SingleUserStorageConfig,
  SingleUserStorageContext,
} from './single-user-storage';
export { UserVolume } from './user-volume';
export type { UserEmptyDirOptions, UserFilesVolumeOptions, UserVolumeMountOptions } from './user-volume';
export type {
  FreeFormImageChoice,
  ProfileChoice,
  ProfileOption,
  ProfileSettings,
  SingleUserProfile,
  UserNodePool,
} from './profile';
export type { INfsStorage, SharedHome } from './shared-home';
export type { KubeSpawnerTraits } from './kubespawner-traits.generated';
