/** Standard proj4 definitions of the two projected systems used by the imitated sources. */
import proj4 from 'proj4';

export const EPSG_3035 = '+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';
export const EPSG_2154 = '+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';

export const laea = proj4('EPSG:4326', EPSG_3035);
export const lambert93 = proj4('EPSG:4326', EPSG_2154);
