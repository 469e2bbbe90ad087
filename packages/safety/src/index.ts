export { type Detection, detect } from "./detect";
export { CATEGORIES, type Category, type Finding } from "./finding";
