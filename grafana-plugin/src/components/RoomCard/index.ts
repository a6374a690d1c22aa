export { RoomCard, type RoomCardProps } from './RoomCard.js';
