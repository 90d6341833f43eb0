// French labels of the case and option fields, keyed "Definition.field" first, then "field".
// A field the schema gains later and this table lacks is still shown (its name, humanised).

export const FIELD = {
  reference: "Référence du dossier",
  as_of: "Date du décompte",
  grace_period_days: "Délai accordé (jours)",
  creditor: "Créancier",
  debtor: "Débiteur",
  type: "Nature",
  name: "Nom ou raison sociale",
  activity: "Activité",
  address: "Adresse",
  delivery_point: "Service ou destinataire",
  building: "Bâtiment, entrée, étage",
  street: "Numéro et voie",
  locality: "Lieu-dit, boîte postale",
  postal_code: "Code postal",
  city: "Ville",
  cedex: "Cedex",
  country: "Pays (code ISO, ex. FR)",
  email: "Courriel",
  phone: "Téléphone",
  representative: "Représentant légal",
  title: "Qualité",
  legal_form: "Forme juridique",
  share_capital: "Capital social (€)",
  siren: "SIREN",
  siret: "SIRET",
  rcs_city: "Ville du greffe (RCS)",
  vat_number: "N° TVA intracommunautaire",
  civility: "Civilité",
  first_name: "Prénom",
  last_name: "Nom de famille",
  birth_date: "Date de naissance",
  birth_place: "Lieu de naissance",
  nationality: "Nationalité",
  profession: "Profession",
  bank: "Coordonnées bancaires",
  iban: "IBAN",
  bic: "BIC",
  insolvency: "Procédure collective",
  procedure: "Procédure",
  opened_on: "Jugement d’ouverture du",
  bodacc_published_on: "Publication au BODACC le",
  court: "Juridiction",
  mandataire: "Mandataire judiciaire",
  closed_on: "Clôture le",
  closure: "Motif de clôture",
  lre_consent: "Consentement à la LRE",
  invoices: "Factures",
  number: "Numéro",
  issue_date: "Date d’émission",
  due_date: "Date d’échéance",
  amount_excl_tax: "Montant HT (€)",
  amount_incl_tax: "Montant TTC (€)",
  description: "Désignation",
  performed_on: "Livraison ou exécution le",
  payments: "Paiements reçus",
  date: "Date",
  amount: "Montant (€)",
  invoice: "Facture réglée (numéro)",
  method: "Moyen de paiement",
  terms: "Conditions de paiement",
  late_penalty_rate: "Taux des pénalités de retard (ex. 0.12 pour 12 %)",
  flat_indemnity: "Indemnité forfaitaire de recouvrement",
  rates: "Taux fournis (au-delà des données connues)",
  rate: "Taux (ex. 0.0240)",
  source: "Source",
  valid_from: "En vigueur à partir du",
  imputation: "Imputation des paiements",
  below_floor: "Taux contractuel sous le plancher légal",
  reminders: "Relances déjà faites",
  channel: "Canal",
  note: "Note interne (jamais citée au débiteur)",
  received_on: "Première présentation le",
  dispute: "Contestation",
  summary: "Position du débiteur",
  proposed_solution: "Solution proposée",
  signatory: "Signataire",
  place: "Fait à",
  issuer: "Émetteur mandaté",
  mandate_reference: "Référence du mandat",
  hearing: "Audience",
  time: "Heure (HH:MM)",
  room: "Salle",
  lawyer: "Avocat",
  bar: "Barreau",
  toque: "Toque",
  evidence: "Pièces justificatives",
  media_type: "Type de fichier",
  content_base64: "Fichier",
  ordonnance: "Ordonnance d’injonction de payer",
  served_on: "Signifiée le",
  // options
  sign: "Sceller le PDF (signature électronique PAdES)",
  signature_level: "Niveau de signature",
  pdfa: "PDF/A-3b (archivage)",
  draft: "Filigrane « PROJET »",
  format: "Format du fichier",
  postage: "Affranchissement",
  avis_de_reception: "Avec avis de réception",
  duplex: "Impression recto verso",
  address_sheet: "Feuille porte-adresse ajoutée par le prestataire",
  registered: "Envoi recommandé",
  tracking_number: "N° de suivi La Poste",
  attach_evidence: "Joindre le bordereau et les pièces",
  level: "Niveau",
  flatten: "Figer les champs du Cerfa",
  referral_1408: "Renvoi en cas d’opposition (CPC art. 1408) : juridiction",
  lrar: "Mention « Lettre recommandée avec accusé de réception »",
  plan: "Plan de paiement",
  count: "Nombre d’échéances",
  first_date: "Première échéance le",
  periodicity: "Périodicité",
  instalments: "Échéances",
  notice_days: "Préavis avant déchéance du terme (jours)",
};

export const FIELD_IN = {
  "Terms.reference": "Clause des CGV (référence)",
  "Reminder.kind": "Nature",
  "Reminder.date": "Date d’envoi",
  "Issuer.kind": "Qualité",
  "Issuer.name": "Nom de l’étude ou du cabinet",
  "SuppliedRate.kind": "Taux concerné",
  "Representative.name": "Nom",
  "Signatory.name": "Nom",
  "Lawyer.name": "Nom",
  "Court.name": "Nom de la juridiction",
  "Evidence.title": "Intitulé de la pièce",
  "Evidence.date": "Date de la pièce",
  "Payment.date": "Date du paiement",
  "PostageOptions.level": "Niveau de recommandation",
  "Options.level": "Niveau de relance",
  "Options.issuer": "Émetteur du courrier",
  "Options.channel": "Mode d’envoi",
};

export const ENUM = {
  company: "Personne morale",
  individual: "Personne physique",
  commercial: "Commerciale",
  artisanal: "Artisanale",
  liberal: "Libérale",
  agricultural: "Agricole",
  consumer: "Consommateur (non professionnel)",
  relance: "Relance",
  mise_en_demeure: "Mise en demeure",
  email: "Courriel",
  phone: "Téléphone",
  letter: "Lettre simple",
  lrar: "Lettre recommandée avec AR",
  lre: "Lettre recommandée électronique",
  sms: "SMS",
  visit: "Visite",
  creditor: "Le créancier",
  commissaire_de_justice: "Un commissaire de justice",
  avocat: "Un avocat",
  mandataire: "Un mandataire (non avocat)",
  ecb_mro: "Taux de refinancement de la BCE",
  legal_private: "Taux légal (créancier particulier)",
  legal_other: "Taux légal (autres cas)",
  principal_first: "Sur le principal d’abord",
  interest_first: "Sur les intérêts d’abord",
  floor: "Relevé au plancher légal",
  default_rate: "Remplacé par le taux légal par défaut",
  sauvegarde: "Sauvegarde",
  redressement_judiciaire: "Redressement judiciaire",
  liquidation_judiciaire: "Liquidation judiciaire",
  insuffisance_actif: "Insuffisance d’actif",
  extinction_passif: "Extinction du passif",
  "application/pdf": "PDF",
  "image/jpeg": "Image JPEG",
  "image/png": "Image PNG",
  pdf: "PDF",
  docx: "Word (DOCX)",
  lre_qualifiee: "LRE qualifiée",
  lettre_suivie: "Lettre suivie",
  lettre_simple: "Lettre simple",
  monthly: "Mensuelle",
  weekly: "Hebdomadaire",
  quarterly: "Trimestrielle",
  R1: "R1 — indemnité 16 €",
  R2: "R2 — indemnité 153 €",
  R3: "R3 — indemnité 458 €",
};

export const KIND = {
  relance: "Relance",
  mise_en_demeure: "Mise en demeure",
  injonction_de_payer: "Requête en injonction de payer (Cerfa)",
  refere_provision: "Assignation en référé-provision (projet)",
  assignation: "Assignation en paiement au fond (projet)",
  bordereau: "Bordereau de communication de pièces",
  petites_creances: "Procédure simplifiée de petites créances",
  echeancier: "Échéancier et reconnaissance de dette",
  decompte: "Décompte de créance",
  lettre_greffe: "Lettre d’accompagnement au greffe",
  pouvoir_special: "Pouvoir spécial",
  instructions_signification: "Instructions de signification",
  declaration_de_creance: "Déclaration de créance",
  facture_rectificative: "Facture rectificative (TVA)",
};

export const KIND_HELP = {
  relance: "Lettre de relance, du rappel courtois (niveau 1) à la dernière relance (niveau 3).",
  mise_en_demeure: "Mise en demeure de payer avec toutes les mentions obligatoires ; envoi en LRAR.",
  injonction_de_payer: "Requête sur le Cerfa de la juridiction compétente, avec bordereau et pièces.",
  refere_provision: "Projet d’assignation en référé-provision, à faire signifier.",
  assignation: "Projet d’assignation en paiement au fond, à faire signifier.",
  bordereau: "Bordereau de communication de pièces suivi des pièces tamponnées.",
  petites_creances: "Invitation du commissaire de justice à la procédure simplifiée de recouvrement des petites créances (5 000 € au plus), avec son formulaire de réponse.",
  echeancier: "Protocole d’échéancier et reconnaissance de dette : échéances régulières ou choisies, déchéance du terme.",
  decompte: "Décompte de créance détaillé : paiements et imputation, périodes, taux et sources, indemnités, totaux.",
  lettre_greffe: "Lettre d’accompagnement d’une requête déposée au greffe.",
  pouvoir_special: "Pouvoir spécial donné à un représentant qui n’est pas avocat.",
  instructions_signification: "Instructions au commissaire de justice pour signifier l’ordonnance dans son délai.",
  declaration_de_creance: "Déclaration de créance au mandataire judiciaire d’une procédure collective ouverte.",
  facture_rectificative: "Facture rectificative annulant la TVA de factures devenues irrécouvrables.",
};

export const HINT = {
  as_of: "Vide : aujourd’hui (heure de Paris).",
  late_penalty_rate: "Vide : le taux de la loi (entre professionnels, BCE + 10 points).",
  siren: "9 chiffres.",
  tracking_number: "Format international S10 (RR123456785FR) ou national.",
};

// Level of a relance: the schema says "integer"; the contract says 1, 2 or 3.
export const OPTION_CHOICES = {
  level: [[1, "1 — rappel courtois"], [2, "2 — deuxième relance"], [3, "3 — dernière relance"]],
};

// Groups of the case form, in reading order (the other top-level fields follow).
export const GROUPS = [
  ["Dossier", ["reference", "as_of", "grace_period_days"]],
];

export function humanise(key) {
  const text = String(key).replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function fieldLabel(key, defName) {
  return (defName && FIELD_IN[`${defName}.${key}`]) || FIELD[key] || humanise(key);
}

const SINGULAR_OF = {
  invoices: "Facture", payments: "Paiement", reminders: "Relance", evidence: "Pièce",
  rates: "Taux", instalments: "Échéance", items: "Élément",
};

// "case.invoices[1].due_date" -> "Factures › Facture 2 › Date d’échéance" (no DOM needed)
export function pathLabel(path) {
  const parts = [];
  let previous = null;
  for (const token of String(path || "").split(/\.|(?=\[)/)) {
    if (!token || token === "case" || token === "options") continue;
    const index = /^\[(\d+)\]$/.exec(token);
    if (index) parts.push(`${SINGULAR_OF[previous] || "N°"} ${Number(index[1]) + 1}`);
    else { parts.push(fieldLabel(token)); previous = token; }
  }
  return parts.join(" › ") || String(path || "");
}

export function enumLabel(value) {
  return ENUM[value] ?? String(value);
}
