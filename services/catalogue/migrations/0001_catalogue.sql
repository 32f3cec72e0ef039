-- Centres, venues, the category tree, programmes and offerings.
--
-- Programmes and offerings are kept whole as their protobuf message (body),
-- beside the columns that search filters on, which the service derives on
-- every write (and which serve the city's own analyses). Search itself runs
-- from memory (services/catalogue/search_index.h), fed by these columns.

CREATE TABLE centres (
  id         text        PRIMARY KEY,
  body       bytea       NOT NULL, -- lifelong.catalogue.v1.Centre
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE venues (
  id         text        PRIMARY KEY,
  centre_id  text        REFERENCES centres (id),
  body       bytea       NOT NULL, -- lifelong.catalogue.v1.Venue
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE categories (
  id        text PRIMARY KEY,
  parent_id text REFERENCES categories (id),
  name_ko   text NOT NULL,
  name_en   text NOT NULL
);

CREATE TABLE programmes (
  id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  centre_id  text        NOT NULL REFERENCES centres (id),
  state      text        NOT NULL CHECK (state IN ('draft', 'published')),
  version    integer     NOT NULL DEFAULT 1,
  body       bytea       NOT NULL, -- lifelong.catalogue.v1.Programme
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX programmes_by_centre ON programmes (centre_id, created_at, id);
CREATE INDEX programmes_by_time ON programmes (created_at, id);

CREATE TABLE offerings (
  id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  programme_id  uuid        NOT NULL REFERENCES programmes (id),
  centre_id     text        NOT NULL REFERENCES centres (id),
  state         text        NOT NULL,
  version       integer     NOT NULL DEFAULT 1,
  body          bytea       NOT NULL, -- lifelong.catalogue.v1.Offering
  -- Derived for search:
  search_text   text        NOT NULL, -- titles and descriptions, lower case
  category_path text[]      NOT NULL, -- the category and its ancestors
  audiences     integer[]   NOT NULL,
  district      text        NOT NULL,
  delivery      integer     NOT NULL,
  fee_krw       bigint      NOT NULL,
  min_age       integer     NOT NULL, -- 0: none
  max_age       integer     NOT NULL, -- 0: none
  days_of_week  integer[]   NOT NULL, -- of scheduled sessions, local time
  times_of_day  integer[]   NOT NULL, -- TimeOfDay values of session starts
  accessibility integer[]   NOT NULL, -- the venue's
  first_start   timestamptz NOT NULL,
  windows       tstzmultirange NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX offerings_by_centre ON offerings (centre_id, created_at, id);
CREATE INDEX offerings_by_programme ON offerings (programme_id, created_at, id);
CREATE INDEX offerings_by_time ON offerings (created_at, id);
CREATE INDEX offerings_published_by_start ON offerings (first_start, id)
  WHERE state = 'published';
CREATE INDEX offerings_categories ON offerings USING gin (category_path);

-- The category tree. SAMPLE labels; a city may add its own in a migration.
INSERT INTO categories (id, parent_id, name_ko, name_en) VALUES
  ('health',            NULL,        '건강',             'Health'),
  ('health-older',      'health',    '어르신 건강',       'Health for older adults'),
  ('dementia',          'health',    '치매 예방',         'Dementia prevention'),
  ('wellbeing',         'health',    '마음 건강',         'Psychological well-being'),
  ('culture-arts',      NULL,        '문화예술',          'Culture and arts'),
  ('citizenship',       NULL,        '시민참여',          'Citizenship'),
  ('climate',           'citizenship', '기후·탄소중립',   'Climate and carbon neutrality'),
  ('esd',               'citizenship', '지속가능발전교육', 'Education for sustainable development'),
  ('literacy',          NULL,        '문해교육',          'Literacy'),
  ('digital',           'literacy',  '디지털 문해',       'Digital literacy'),
  ('vocation',          NULL,        '직업·역량',         'Vocation and skills'),
  ('management',        'vocation',  '기업 경영',         'Corporate management'),
  ('training-ladder',   'vocation',  '평생학습 전문인력 양성', 'Lifelong-learning professional training'),
  ('humanities',        NULL,        '인문학',            'Humanities'),
  ('disability',        NULL,        '장애인 평생교육',    'Lifelong learning for people with disabilities');
