/**
 * The 14 technique classes of the SemEval-2020 Task 11 Propaganda Techniques
 * Corpus, spelled exactly as the task's technique files spell them.
 */
export const PTC_TECHNIQUES = [
  'Appeal_to_Authority',
  'Appeal_to_fear-prejudice',
  'Bandwagon,Reductio_ad_hitlerum',
  'Black-and-White_Fallacy',
  'Causal_Oversimplification',
  'Doubt',
  'Exaggeration,Minimisation',
  'Flag-Waving',
  'Loaded_Language',
  'Name_Calling,Labeling',
  'Repetition',
  'Slogans',
  'Thought-terminating_Cliches',
  'Whataboutism,Straw_Men,Red_Herring',
] as const;

export type PtcTechnique = (typeof PTC_TECHNIQUES)[number];
