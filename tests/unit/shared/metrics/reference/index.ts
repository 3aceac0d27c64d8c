export { kappaOverCharacters } from './cohen-kappa';
export { exactMatch } from './exact-match';
export { alphaOverTokens } from './krippendorff-alpha';
export { labelConfusion } from './label-confusion';
export { overlapMatch } from './overlap-match';
export { ptcSpanIdentification } from './ptc-span-identification';
export { unitizingAlphaOverArticles } from './unitizing-alpha';
